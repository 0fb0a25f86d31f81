"""Seed a realistic company through ERPNext's own documents (all submitted, real GL entries).

Run it with the bench's Python from the bench's sites directory (benchmarks/seed.sh does that):
	python benchmarks/seed.py --site ua-bench.localhost --scale 1 --seed 7

Reproducible: record i of each kind is drawn from Random(f"{seed}:{kind}:{i}"), so a rerun, or a resumed
run, writes the same books. Resumable: every seeded document carries its index in the custom field
`ua_seed_ref`; a rerun continues after the last committed one. Commits every --batch documents.
"""

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta

import frappe

KINDS = ("sales_invoices", "purchase_invoices", "payments", "journal_entries")
BASE_COUNTS = {
	"sales_invoices": 10_000,
	"purchase_invoices": 3_000,
	"payments": 8_000,
	"journal_entries": 3_000,
}
DOCTYPE = {
	"sales_invoices": "Sales Invoice",
	"purchase_invoices": "Purchase Invoice",
	"payments": "Payment Entry",
	"journal_entries": "Journal Entry",
}
CUSTOMERS, SUPPLIERS, EUR_CUSTOMERS = 40, 15, 5
EUR_RATE = 1.08


def main() -> None:
	args = parse_args()
	frappe.init(site=args.site, sites_path=os.getcwd())
	frappe.connect()
	frappe.set_user("Administrator")
	started = time.monotonic()
	world = prepare_world(args.seed)
	counts = {kind: round(BASE_COUNTS[kind] * args.scale) for kind in KINDS}
	print(f"seeding {args.site} (company {world['company']}, scale {args.scale}, seed {args.seed}): {counts}")
	for kind in KINDS:
		seed_kind(kind, counts[kind], world, args)
	frappe.db.commit()
	print(f"done in {time.monotonic() - started:.0f}s")
	frappe.destroy()


def parse_args():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument(
		"--scale", type=float, default=1.0, help="1.0 = 10,000 sales invoices and the rest in proportion"
	)
	parser.add_argument("--seed", type=int, default=7)
	parser.add_argument("--batch", type=int, default=50, help="documents per commit")
	return parser.parse_args()


def prepare_world(seed: int) -> dict:
	"""Custom fields, parties, accounts and rates the documents need (idempotent)."""
	from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

	create_custom_fields(
		{
			dt: [{"fieldname": "ua_seed_ref", "label": "Seed Ref", "fieldtype": "Data", "read_only": 1}]
			for dt in DOCTYPE.values()
		}
		| {
			"Sales Invoice Item": [
				{"fieldname": "ua_margin_pct", "label": "Margin %", "fieldtype": "Percent"}
			],
			"Sales Invoice": [
				{"fieldname": "ua_seed_ref", "label": "Seed Ref", "fieldtype": "Data", "read_only": 1},
				{"fieldname": "ua_deal_id", "label": "Deal ID", "fieldtype": "Data"},
			],
		},
		update=True,
	)
	company = frappe.defaults.get_global_default("company")
	abbr = frappe.get_cached_value("Company", company, "abbr")
	world = {
		"company": company,
		"cost_centers": ensure_cost_centers(company, abbr),
		"income": leaf(company, root_type="Income"),
		"expenses": frappe.get_all(
			"Account",
			{"company": company, "root_type": "Expense", "is_group": 0, "account_type": ""},
			pluck="name",
			order_by="name",
			limit=8,
		),
		"bank": leaf(company, account_type="Cash"),
		"tax": leaf(company, account_type="Tax"),
		"eur_debtors": ensure_eur_debtors(company, abbr),
	}
	ensure_rate()
	world["customers"] = [
		ensure_party("Customer", f"Seed Customer {i:03d}", world, eur=i < EUR_CUSTOMERS)
		for i in range(CUSTOMERS)
	]
	world["suppliers"] = [ensure_party("Supplier", f"Seed Supplier {i:03d}", world) for i in range(SUPPLIERS)]
	frappe.db.commit()
	return world


def leaf(company: str, **filters) -> str:
	return frappe.get_all(
		"Account", {"company": company, "is_group": 0, **filters}, pluck="name", order_by="name", limit=1
	)[0]


def ensure_cost_centers(company: str, abbr: str) -> list[str]:
	parent = frappe.get_cached_value("Company", company, "cost_center")
	parent_group = frappe.db.get_value("Cost Center", parent, "parent_cost_center")
	names = []
	for department in ("Sales", "Engineering", "Operations"):
		name = f"{department} - {abbr}"
		if not frappe.db.exists("Cost Center", name):
			frappe.get_doc(
				{
					"doctype": "Cost Center",
					"cost_center_name": department,
					"parent_cost_center": parent_group,
					"company": company,
				}
			).insert()
		names.append(name)
	return names


def ensure_eur_debtors(company: str, abbr: str) -> str:
	name = f"Debtors EUR - {abbr}"
	if not frappe.db.exists("Account", name):
		parent = frappe.db.get_value(
			"Account", {"company": company, "account_type": "Receivable", "is_group": 0}, "parent_account"
		)
		frappe.get_doc(
			{
				"doctype": "Account",
				"account_name": "Debtors EUR",
				"parent_account": parent,
				"company": company,
				"account_type": "Receivable",
				"account_currency": "EUR",
			}
		).insert()
	return name


def ensure_rate() -> None:
	if not frappe.db.exists("Currency Exchange", {"from_currency": "EUR", "to_currency": "USD"}):
		frappe.get_doc(
			{
				"doctype": "Currency Exchange",
				"date": "2000-01-01",
				"from_currency": "EUR",
				"to_currency": "USD",
				"exchange_rate": EUR_RATE,
				"for_buying": 1,
				"for_selling": 1,
			}
		).insert()


def ensure_party(doctype: str, name: str, world: dict, eur: bool = False) -> dict:
	if not frappe.db.exists(doctype, name):
		field = frappe.scrub(doctype)
		doc = frappe.get_doc(
			{"doctype": doctype, f"{field}_name": name, f"{field}_group": f"All {doctype} Groups"}
		)
		if doctype == "Customer":
			doc.territory = "All Territories"
		if eur:
			doc.default_currency = "EUR"
			doc.append("accounts", {"company": world["company"], "account": world["eur_debtors"]})
		doc.insert()
	return {"name": name, "currency": "EUR" if eur else "USD"}


def seed_kind(kind: str, target: int, world: dict, args) -> None:
	doctype = DOCTYPE[kind]
	done = frappe.db.count(doctype, {"ua_seed_ref": ("like", f"{kind}:%")})
	progress = Progress(kind, target, done)
	for index in range(done, target):
		rng = random.Random(f"{args.seed}:{kind}:{index}")
		BUILDERS[kind](rng, index, world)
		if (index + 1) % args.batch == 0 or index + 1 == target:
			frappe.db.commit()
		progress.tick()
	progress.close()


def posting_date(rng: random.Random) -> date:
	return date.today() - timedelta(days=rng.randint(0, 300))


def sales_invoice(rng: random.Random, index: int, world: dict) -> None:
	from unified_accounting.inputs import InvoiceCreate
	from unified_accounting.services.trade.invoice_writes import create_invoice

	customer = rng.choice(world["customers"])
	body = {
		"type": "accounts_receivable",
		"contact_id": customer["name"],
		"issue_date": posting_date(rng),
		"currency": customer["currency"],
		"exchange_rate": EUR_RATE if customer["currency"] == "EUR" else None,
		"line_items": [
			{
				"name": f"Service {rng.randint(1, 60)}",
				"quantity": rng.randint(1, 5),
				"unit_price": round(rng.uniform(20, 800), 2),
				"account_id": world["income"],
				"tracking_categories": [{"type": "cost_center", "id": rng.choice(world["cost_centers"])}],
				"custom_fields": {"ua_margin_pct": round(rng.uniform(5, 60), 1)},
			}
			for _ in range(rng.randint(1, 10))
		],
		"taxes": [{"account_id": world["tax"], "rate": 6}] if rng.random() < 0.5 else [],
		"custom_fields": {
			"ua_seed_ref": f"sales_invoices:{index}",
			"ua_deal_id": f"DEAL-{rng.randint(1000, 9999)}",
		},
		"submit": True,
	}
	created = create_invoice(InvoiceCreate.model_validate(body))
	if rng.random() < 0.05:  # a credit note against it for part of the first line
		first = body["line_items"][0]
		note = {
			**body,
			"document_type": "credit_note",
			"return_against_id": created.name,
			"taxes": [],
			"line_items": [{**first, "quantity": 1}],
		}
		note["custom_fields"] = {"ua_seed_ref": f"credit_notes:{index}"}
		create_invoice(InvoiceCreate.model_validate(note))


def purchase_invoice(rng: random.Random, index: int, world: dict) -> None:
	from unified_accounting.inputs import InvoiceCreate
	from unified_accounting.services.trade.invoice_writes import create_invoice

	body = {
		"type": "accounts_payable",
		"contact_id": rng.choice(world["suppliers"])["name"],
		"issue_date": posting_date(rng),
		"supplier_invoice_number": f"BILL-{index:06d}",
		"line_items": [
			{
				"description": f"Expense {rng.randint(1, 99)}",
				"unit_price": round(rng.uniform(5, 2000), 2),
				"account_id": rng.choice(world["expenses"]),
				"tracking_categories": [{"type": "cost_center", "id": rng.choice(world["cost_centers"])}],
			}
			for _ in range(rng.randint(1, 6))
		],
		"custom_fields": {"ua_seed_ref": f"purchase_invoices:{index}"},
		"submit": True,
	}
	create_invoice(InvoiceCreate.model_validate(body))


def payment(rng: random.Random, index: int, world: dict) -> None:
	"""Mostly receipts against open sales invoices (fully or partly), some supplier payments."""
	from unified_accounting.inputs import PaymentCreate
	from unified_accounting.services.money.payment_writes import create_payment

	receive = rng.random() < 0.8
	doctype, party_field = ("Sales Invoice", "customer") if receive else ("Purchase Invoice", "supplier")
	open_invoices = frappe.get_all(
		doctype,
		{"docstatus": 1, "outstanding_amount": (">", 0), "is_return": 0, "currency": "USD"},
		["name", party_field, "outstanding_amount"],
		order_by="name",
		limit=1,
		start=rng.randint(0, 50),
	)
	if not open_invoices:
		return mark_skipped(index)
	invoice = open_invoices[0]
	amount = (
		float(invoice.outstanding_amount)
		if rng.random() < 0.7
		else round(float(invoice.outstanding_amount) * rng.uniform(0.2, 0.8), 2)
	)
	body = {
		"type": "accounts_receivable" if receive else "accounts_payable",
		"contact_id": invoice[party_field],
		"transaction_date": date.today(),
		"account_id": world["bank"],
		"total_amount": amount,
		"reference": f"PAY-{index:06d}",
		"applied_to": [{"related_object_id": invoice.name, "applied_amount": amount}],
		"custom_fields": {"ua_seed_ref": f"payments:{index}"},
		"submit": True,
	}
	create_payment(PaymentCreate.model_validate(body))


def mark_skipped(index: int) -> None:
	"""Keep indexes dense for resuming even when no invoice is open: a small advance instead."""
	from unified_accounting.inputs import PaymentCreate
	from unified_accounting.services.money.payment_writes import create_payment

	body = {
		"type": "accounts_receivable",
		"contact_id": "Seed Customer 010",
		"total_amount": 10,
		"custom_fields": {"ua_seed_ref": f"payments:{index}"},
		"submit": True,
	}
	create_payment(PaymentCreate.model_validate(body))


def journal_entry(rng: random.Random, index: int, world: dict) -> None:
	from unified_accounting.inputs import JournalEntryCreate
	from unified_accounting.services.ledger.journal_writes import create_journal_entry

	lines = [
		{
			"account_id": rng.choice(world["expenses"]),
			"debit": round(rng.uniform(10, 3000), 2),
			"tracking_categories": [{"type": "cost_center", "id": rng.choice(world["cost_centers"])}],
		}
		for _ in range(rng.randint(1, 19))
	]
	lines.append({"account_id": world["bank"], "credit": round(sum(line["debit"] for line in lines), 2)})
	body = {
		"transaction_date": posting_date(rng),
		"memo": f"Payroll run {index}",
		"lines": lines,
		"custom_fields": {"ua_seed_ref": f"journal_entries:{index}"},
		"submit": True,
	}
	create_journal_entry(JournalEntryCreate.model_validate(body))


BUILDERS = {
	"sales_invoices": sales_invoice,
	"purchase_invoices": purchase_invoice,
	"payments": payment,
	"journal_entries": journal_entry,
}


class Progress:
	"""A one-line progress bar with rate and ETA, redrawn in place."""

	def __init__(self, label: str, total: int, done: int):
		self.label, self.total, self.done, self.start_done = label, total, done, done
		self.started = time.monotonic()
		self.draw()

	def tick(self) -> None:
		self.done += 1
		if self.done % 5 == 0 or self.done == self.total:
			self.draw()

	def draw(self) -> None:
		elapsed = time.monotonic() - self.started
		rate = (self.done - self.start_done) / elapsed if elapsed > 0 else 0
		eta = (self.total - self.done) / rate if rate else 0
		filled = int(30 * self.done / self.total) if self.total else 30
		sys.stdout.write(
			f"\r{self.label:<18} [{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total} "
			f"{rate:5.1f}/s ETA {eta:5.0f}s elapsed {elapsed:5.0f}s"
		)
		sys.stdout.flush()

	def close(self) -> None:
		self.draw()
		sys.stdout.write("\n")


if __name__ == "__main__":
	main()
