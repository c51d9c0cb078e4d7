-- Passengers of flight bookings (docs/passengers.md): one row per traveller, in the order the
-- client listed them (`position`, 0-based). Seated passengers (ADULT, CHILD) match the booking's
-- quantity; a LAP_INFANT rides on an adult's lap and takes no seat. Document details are all set
-- or all null. Deleting a booking deletes its passengers (ON DELETE CASCADE, as billings and the
-- status history); a booking id never changes (ON UPDATE RESTRICT).
CREATE TABLE `passengers` (
    `id` BIGINT NOT NULL AUTO_INCREMENT,
    `booking_id` VARCHAR(255) NOT NULL,
    `position` INTEGER NOT NULL,
    `first_name` VARCHAR(100) NOT NULL,
    `last_name` VARCHAR(100) NOT NULL,
    `date_of_birth` DATE NOT NULL,
    `passenger_type` ENUM('ADULT', 'CHILD', 'LAP_INFANT') NOT NULL,
    `document_type` ENUM('PASSPORT', 'NATIONAL_ID') NULL,
    `document_number` VARCHAR(50) NULL,
    `document_issuing_country` VARCHAR(3) NULL,
    `document_expiry` DATE NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    UNIQUE INDEX `uq_passengers_booking_position`(`booking_id`, `position`),
    CONSTRAINT `chk_passengers_position` CHECK (`position` >= 0),
    CONSTRAINT `chk_passengers_document` CHECK (
        (`document_type` IS NULL AND `document_number` IS NULL AND `document_issuing_country` IS NULL AND `document_expiry` IS NULL)
        OR (`document_type` IS NOT NULL AND `document_number` IS NOT NULL AND `document_issuing_country` IS NOT NULL AND `document_expiry` IS NOT NULL)
    ),
    PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `passengers` ADD CONSTRAINT `fk_passengers_booking` FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`booking_id`) ON DELETE CASCADE ON UPDATE RESTRICT;
