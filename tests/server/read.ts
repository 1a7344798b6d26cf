// What the collector kept, read as an analyst does: the event export and a customer's journey.
export interface Target {
  url: string;
  readToken: string;
}

export async function exportedEvents(c: Target): Promise<Record<string, any>[]> {
  const res = await fetch(`${c.url}/v1/export?kind=events&format=ndjson`, { headers: { authorization: `Bearer ${c.readToken}` } });
  if (res.status !== 200) throw new Error(`export answered ${res.status}: ${await res.text()}`);
  return (await res.text()).split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

export async function journey(c: Target, customerId: string): Promise<any> {
  const res = await fetch(`${c.url}/v1/customers/${encodeURIComponent(customerId)}/journey`, { headers: { authorization: `Bearer ${c.readToken}` } });
  if (res.status !== 200) throw new Error(`journey of ${customerId} answered ${res.status}: ${await res.text()}`);
  return res.json();
}
