-- Payments: the client's idempotency key, so a retried payBooking returns the first result.
ALTER TABLE `billings` ADD COLUMN `idempotency_key` VARCHAR(255) NULL;
CREATE UNIQUE INDEX `uq_billings_idempotency_key` ON `billings`(`idempotency_key`);

-- CreateTable: audit trail of booking status changes (who, when, from -> to).
CREATE TABLE `booking_status_history` (
    `id` BIGINT NOT NULL AUTO_INCREMENT,
    `booking_id` VARCHAR(255) NOT NULL,
    `from_status` ENUM('Pending', 'Confirmed', 'Cancelled', 'PaymentFailed') NULL,
    `to_status` ENUM('Pending', 'Confirmed', 'Cancelled', 'PaymentFailed') NOT NULL,
    `version` INTEGER NOT NULL,
    `actor_kind` ENUM('User', 'Admin', 'System') NOT NULL,
    `actor_id` VARCHAR(255) NULL,
    `reason` VARCHAR(255) NULL,
    `changed_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    UNIQUE INDEX `uq_status_history_version`(`booking_id`, `version`),
    PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable: one row per booked listing; createBooking locks it (SELECT ... FOR UPDATE) so
-- capacity checks of the same listing run one at a time.
CREATE TABLE `listing_locks` (
    `listing_type` ENUM('Flight', 'Hotel', 'Car') NOT NULL,
    `listing_id` VARCHAR(255) NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    PRIMARY KEY (`listing_type`, `listing_id`)
) ENGINE=InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `booking_status_history` ADD CONSTRAINT `fk_status_history_booking` FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`booking_id`) ON DELETE CASCADE ON UPDATE RESTRICT;
