-- The simulated payment provider's ledger (local development and tests; a real provider keeps its
-- own): one row per idempotency key, so every bookings replica sees the same charges and the hold
-- sweeper of one replica can look up an attempt another replica made.
CREATE TABLE `simulated_charges` (
    `idempotency_key` VARCHAR(255) NOT NULL,
    `status` VARCHAR(16) NOT NULL,
    `reference` VARCHAR(64) NOT NULL,
    `reason` VARCHAR(255) NULL,
    `refunded_at` DATETIME(3) NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    INDEX `idx_simulated_charge_reference`(`reference`),
    PRIMARY KEY (`idempotency_key`)
) ENGINE=InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
