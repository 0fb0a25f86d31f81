// Compiled with tsc --strict and run against a live site by the app's test suite
// (unified_accounting/tests/test_typescript_client.py): BASE_URL, API_KEY, API_SECRET, EXPENSE, CASH, MEMO.
import { ApiError, createUnifiedClient, paginate, type components } from "../src/client.js";

type JournalEntryCreate = components["schemas"]["JournalEntryCreate"];

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const client = createUnifiedClient({ baseUrl: env("BASE_URL"), apiKey: env("API_KEY"), apiSecret: env("API_SECRET") });
const prefix = "/api/method/unified_accounting.api";

// Optional body fields are optional: only the lines (and here a memo) are given.
const body: JournalEntryCreate = {
  memo: env("MEMO"),
  lines: [
    { account_id: env("EXPENSE"), debit: 12.5 },
    { account_id: env("CASH"), credit: 12.5 },
  ],
  submit: true,
};

const created = await client.POST(`${prefix}.journal_entries.create_journal_entry`, { body });
if (created.error || !created.data) throw new ApiError(created.error as never);
const entry = created.data.result;

const accounts: string[] = [];
for await (const account of paginate((cursor) =>
  client.GET(`${prefix}.accounts.list_accounts`, { params: { query: { limit: 50, ...(cursor ? { cursor } : {}) } } }),
)) {
  accounts.push(account.id);
}

const missing = await client.GET(`${prefix}.invoices.get_invoice`, { params: { query: { id: "UA-NO-SUCH-INVOICE" } } });

console.log(
  JSON.stringify({
    journal_entry: { id: entry.id, posting_status: entry.posting_status, total_debit: entry.total_debit },
    accounts: accounts.length,
    missing: missing.error ? (missing.error as { error: { type: string } }).error.type : null,
  }),
);
