-- CreateTable
CREATE TABLE `bookings` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `booking_id` VARCHAR(255) NOT NULL,
    `user_id` VARCHAR(255) NOT NULL,
    `user_ref` VARCHAR(255) NULL,
    `booking_type` ENUM('Flight', 'Hotel', 'Car') NOT NULL,
    `reference_id` VARCHAR(255) NOT NULL,
    `reference_ref` VARCHAR(255) NULL,
    `start_date` DATETIME(0) NOT NULL,
    `end_date` DATETIME(0) NOT NULL,
    `booking_status` ENUM('Pending', 'Confirmed', 'Cancelled', 'PaymentFailed') NOT NULL DEFAULT 'Pending',
    `total_price` DECIMAL(10, 2) NOT NULL,
    `quantity` INTEGER NOT NULL DEFAULT 1,
    `version` INTEGER NOT NULL DEFAULT 1,
    `created_at` TIMESTAMP(0) NULL DEFAULT CURRENT_TIMESTAMP(0),
    `updated_at` TIMESTAMP(0) NULL DEFAULT CURRENT_TIMESTAMP(0) ON UPDATE CURRENT_TIMESTAMP(0),

    UNIQUE INDEX `booking_id`(`booking_id`),
    INDEX `idx_user_booking`(`user_id`, `booking_type`, `booking_status`),
    INDEX `idx_booking_type_ref`(`booking_type`, `reference_id`),
    INDEX `idx_booking_status`(`booking_status`),
    INDEX `idx_created_at`(`created_at`),
    CONSTRAINT `chk_bookings_total_price` CHECK (`total_price` >= 0),
    CONSTRAINT `chk_bookings_quantity` CHECK (`quantity` >= 1),
    PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `billings` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `billing_id` VARCHAR(255) NOT NULL,
    `user_id` VARCHAR(255) NOT NULL,
    `user_ref` VARCHAR(255) NULL,
    `booking_type` VARCHAR(50) NOT NULL,
    `booking_id` VARCHAR(255) NOT NULL,
    `booking_ref` VARCHAR(255) NULL,
    `transaction_date` DATETIME(0) NOT NULL DEFAULT CURRENT_TIMESTAMP(0),
    `total_amount_paid` DECIMAL(10, 2) NOT NULL,
    `payment_method` VARCHAR(100) NOT NULL,
    `transaction_status` ENUM('Success', 'Failed', 'Refunded', 'Pending') NOT NULL DEFAULT 'Pending',
    `invoice_number` VARCHAR(255) NOT NULL,
    `invoice_details` JSON NULL,
    `created_at` TIMESTAMP(0) NULL DEFAULT CURRENT_TIMESTAMP(0),
    `updated_at` TIMESTAMP(0) NULL DEFAULT CURRENT_TIMESTAMP(0) ON UPDATE CURRENT_TIMESTAMP(0),

    UNIQUE INDEX `billing_id`(`billing_id`),
    UNIQUE INDEX `invoice_number`(`invoice_number`),
    INDEX `idx_transaction_date`(`transaction_date`),
    INDEX `idx_user_id`(`user_id`),
    INDEX `idx_transaction_status`(`transaction_status`),
    INDEX `idx_booking_billing`(`booking_id`, `booking_type`),
    CONSTRAINT `chk_billings_total_amount_paid` CHECK (`total_amount_paid` >= 0),
    PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `outbox_events` (
    `id` BIGINT NOT NULL AUTO_INCREMENT,
    `topic` VARCHAR(255) NOT NULL,
    `message_key` VARCHAR(255) NOT NULL,
    `aggregate_id` VARCHAR(255) NOT NULL,
    `payload` JSON NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `published_at` DATETIME(3) NULL,
    `attempts` INTEGER NOT NULL DEFAULT 0,
    `last_error` TEXT NULL,

    INDEX `idx_outbox_unpublished`(`published_at`, `id`),
    INDEX `idx_outbox_aggregate`(`aggregate_id`),
    PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `billings` ADD CONSTRAINT `fk_billings_booking` FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`booking_id`) ON DELETE CASCADE ON UPDATE RESTRICT;
