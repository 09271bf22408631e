/** The bench basket: two lines, one discounted. */
const LINES = [
  { sku: 'TEE-01', name: 'T-shirt', category: 'tops', brand: 'Nordlicht', quantity: 2, unitPrice: 1500 },
  {
    sku: 'CAP-07',
    name: 'Cap',
    category: 'accessories',
    brand: 'Fjell',
    quantity: 1,
    unitPrice: 1599,
    discount: 100,
  },
];

/** A source of purchase bodies: each call a new externalId, members in turn. */
export function purchaseBodies(members: string[], tag: string): () => string {
  let n = 0;
  return () => {
    n++;
    return JSON.stringify({
      externalId: `bench-${tag}-${process.pid}-${n}`,
      memberId: members[n % members.length],
      occurredAt: new Date().toISOString(),
      channel: 'pos',
      storeId: 'bench',
      currency: 'EUR',
      lines: LINES,
    });
  };
}
