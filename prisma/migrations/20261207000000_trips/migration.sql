-- Trips (docs/trips.md): several bookings (the flights of an itinerary, a hotel, a car) created in
-- one transaction and paid with one payment. A trip's items are ordinary rows of `bookings` that
-- name it (`trip_id`); the trip's one billing names it too (its `booking_id` is the trip's first
-- item, the foreign key billings already have). `refunded_total`: what cancellations of paid items
-- gave back, tax included.
CREATE TABLE `trips` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `trip_id` VARCHAR(255) NOT NULL,
    `user_id` VARCHAR(255) NOT NULL,
    `trip_status` ENUM('Pending', 'Confirmed', 'PartiallyCancelled', 'Cancelled', 'PaymentFailed', 'Expired') NOT NULL DEFAULT 'Pending',
    `total_price` DECIMAL(10, 2) NOT NULL,
    `refunded_total` DECIMAL(10, 2) NOT NULL DEFAULT 0,
    `version` INTEGER NOT NULL DEFAULT 1,
    `created_at` TIMESTAMP(0) NULL DEFAULT CURRENT_TIMESTAMP(0),
    `updated_at` TIMESTAMP(0) NULL DEFAULT CURRENT_TIMESTAMP(0) ON UPDATE CURRENT_TIMESTAMP(0),

    UNIQUE INDEX `trip_id`(`trip_id`),
    INDEX `idx_trips_user`(`user_id`, `id`),
    PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

ALTER TABLE `bookings` ADD COLUMN `trip_id` VARCHAR(255) NULL;
CREATE INDEX `idx_bookings_trip` ON `bookings`(`trip_id`);
ALTER TABLE `bookings` ADD CONSTRAINT `fk_bookings_trip` FOREIGN KEY (`trip_id`) REFERENCES `trips`(`trip_id`) ON DELETE SET NULL ON UPDATE RESTRICT;

ALTER TABLE `billings` ADD COLUMN `trip_id` VARCHAR(255) NULL;
CREATE INDEX `idx_billings_trip` ON `billings`(`trip_id`);
ALTER TABLE `billings` ADD CONSTRAINT `fk_billings_trip` FOREIGN KEY (`trip_id`) REFERENCES `trips`(`trip_id`) ON DELETE SET NULL ON UPDATE RESTRICT;
