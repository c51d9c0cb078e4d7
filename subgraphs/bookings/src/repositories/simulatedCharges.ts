import type { ChargeLedger, SimulatedChargeRecord } from '../models.js';
import { Prisma, type PrismaClient } from './prisma.js';

/** SQL of `simulated_charges`: the simulated provider's ledger, shared by every bookings replica. */

interface ChargeRow {
  status: string;
  reference: string;
  reason: string | null;
  refundedAt: Date | null;
}

const toRecord = (row: ChargeRow): SimulatedChargeRecord => ({
  status: row.status === 'declined' ? 'declined' : 'succeeded',
  reference: row.reference,
  reason: row.reason,
  refunded: row.refundedAt !== null,
});

const isDuplicateKey = (error: unknown): boolean => error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

export function createSqlChargeLedger(prisma: PrismaClient): ChargeLedger {
  const find = async (idempotencyKey: string): Promise<SimulatedChargeRecord | null> => {
    const row = await prisma.simulatedCharge.findUnique({ where: { idempotencyKey } });
    return row ? toRecord(row) : null;
  };
  return {
    async record(idempotencyKey, charge) {
      try {
        const row = await prisma.simulatedCharge.create({ data: { idempotencyKey, status: charge.status, reference: charge.reference, reason: charge.reason } });
        return { charge: toRecord(row), created: true };
      } catch (error) {
        // Another request (on any replica) charged this key first: its result stands.
        if (!isDuplicateKey(error)) throw error;
        const known = await find(idempotencyKey);
        if (!known) throw error;
        return { charge: known, created: false };
      }
    },
    find,
    async markRefunded(reference) {
      await prisma.simulatedCharge.updateMany({ where: { reference }, data: { refundedAt: new Date() } });
    },
  };
}
