// Import files built in the test: orders from the shop's back office and tickets from its support
// desk, one row each, with the truth of what each customer did kept beside the file.
import { writeFileSync } from 'node:fs';

export interface Truth {
  rows: number;
  /** customer → channel → rows */
  byCustomer: Map<string, Map<string, number>>;
  /** Line numbers of the rows that must be rejected, with what their reason must say. */
  bad: Map<number, RegExp>;
  /** row_id of every good row. */
  goodIds: Set<string>;
}

export const ORDERS_AND_TICKETS_MAP = ['--map', 'id=row_id', '--map', 'userId=customer', '--map', 'timestamp=at', '--map', 'name=event'];

/** `rows` rows over `customers` customers; every `badEvery`th row (if any) has no customer. */
export function writeOrdersAndTickets(file: string, o: { rows: number; customers: number; prefix: string; badEvery?: number }): Truth {
  const truth: Truth = { rows: o.rows, byCustomer: new Map(), bad: new Map(), goodIds: new Set() };
  const lines = ['row_id,customer,at,event,channel,detail'];
  const start = Date.parse('2025-01-01T00:00:00Z');
  for (let i = 0; i < o.rows; i++) {
    const id = `${o.prefix}-${i}`;
    const customer = `${o.prefix}-c${i % o.customers}`;
    const order = i % 3 !== 0;
    const at = new Date(start + i * 60_000).toISOString();
    const line = lines.length + 1;
    if (o.badEvery && i % o.badEvery === o.badEvery - 1) {
      lines.push(`${id},,${at},order_completed,store,1`);
      truth.bad.set(line, /^userId: empty/);
      continue;
    }
    lines.push(order ? `${id},${customer},${at},order_completed,store,${(i % 90) + 10}.50` : `${id},${customer},${at},ticket_opened,support,"late, damaged"`);
    const channels = truth.byCustomer.get(customer) ?? new Map<string, number>();
    const channel = order ? 'store' : 'support';
    channels.set(channel, (channels.get(channel) ?? 0) + 1);
    truth.byCustomer.set(customer, channels);
    truth.goodIds.add(id);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return truth;
}
