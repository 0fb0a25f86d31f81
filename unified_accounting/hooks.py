"""Frappe hooks: how ERPNext loads, installs and wires this app."""

app_name = "unified_accounting"
app_title = "Unified Accounting"
app_publisher = "Unified Accounting developers"
app_description = "One unified, fast, permission-aware accounting API inside ERPNext v15"
app_email = "dev@unified-accounting.invalid"
app_license = "mit"

# org/repo form: a bare "erpnext" makes install-app ask the GitHub API which org owns it.
required_apps = ["frappe/erpnext"]

after_install = "unified_accounting.install.after_install"

# Frappe refuses some calls before our code runs (guest, bad credentials, wrong HTTP method); this gives
# those refusals the unified error shape.
after_request = ["unified_accounting.envelope.normalize_error_response"]

scheduler_events = {
	"daily": ["unified_accounting.services.idempotency.purge_expired"],
}
