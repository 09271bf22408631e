import type { Db } from '../../db/database.js';

export interface WalletType {
  code: string;
  name: string;
  /** 'points', or 'currency' for money wallets (amounts in minor units of the program currency). */
  unit: string;
}

export async function listWalletTypes(db: Db, programId: string): Promise<WalletType[]> {
  return db
    .selectFrom('ledger_wallet_types')
    .select(['code', 'name', 'unit'])
    .where('program_id', '=', programId)
    .orderBy('code')
    .execute();
}

export async function findWalletType(
  db: Db,
  programId: string,
  code: string,
): Promise<WalletType | undefined> {
  return db
    .selectFrom('ledger_wallet_types')
    .select(['code', 'name', 'unit'])
    .where('program_id', '=', programId)
    .where('code', '=', code)
    .executeTakeFirst();
}

/** Declares or renames a wallet; its unit never changes once declared, since balances are kept in it. */
export async function saveWalletType(
  db: Db,
  programId: string,
  w: WalletType,
): Promise<WalletType | undefined> {
  return db
    .insertInto('ledger_wallet_types')
    .values({ program_id: programId, code: w.code, name: w.name, unit: w.unit })
    .onConflict((oc) =>
      oc
        .columns(['program_id', 'code'])
        .doUpdateSet({ name: w.name })
        .where('ledger_wallet_types.unit', '=', w.unit),
    )
    .returning(['code', 'name', 'unit'])
    .executeTakeFirst();
}
