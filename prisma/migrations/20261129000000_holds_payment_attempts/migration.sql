-- Holds: a Pending booking holds its capacity until hold_expires_at (BOOKING_HOLD_MINUTES after it
-- was made); the bookings sweeper then moves it to the new status Expired. Rows without a deadline
-- (made before this migration, or imported) expire BOOKING_HOLD_MINUTES after created_at.
ALTER TABLE `bookings` MODIFY `booking_status` ENUM('Pending', 'Confirmed', 'Cancelled', 'PaymentFailed', 'Expired') NOT NULL DEFAULT 'Pending';
ALTER TABLE `bookings` ADD COLUMN `hold_expires_at` DATETIME(3) NULL;
CREATE INDEX `idx_booking_hold` ON `bookings`(`booking_status`, `hold_expires_at`);

ALTER TABLE `booking_status_history`
    MODIFY `from_status` ENUM('Pending', 'Confirmed', 'Cancelled', 'PaymentFailed', 'Expired') NULL,
    MODIFY `to_status` ENUM('Pending', 'Confirmed', 'Cancelled', 'PaymentFailed', 'Expired') NOT NULL;

-- Payments: a billing is written (transaction_status Pending) before the provider is asked, then
-- settled; payment_reference is the provider's id of the charge, which refunds name.
ALTER TABLE `billings` ADD COLUMN `payment_reference` VARCHAR(255) NULL;
