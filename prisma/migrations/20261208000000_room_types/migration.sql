-- Hotel room types (docs/hotels.md): the room type (its code, e.g. SUITE) a hotel booking takes
-- rooms of. Null for flights, cars and hotel bookings made before room types existed (those count
-- as the hotel's default room type).
ALTER TABLE `bookings` ADD COLUMN `room_type` VARCHAR(32) NULL;
