"""Frappe hooks: how ERPNext loads, installs and wires this app."""

# Underscored: Frappe takes every public name of this module for a hook.
from unified_accounting.resources import watched_doctypes as _watched_doctypes

app_name = "unified_accounting"
app_title = "Unified Accounting"
app_publisher = "Unified Accounting developers"
app_description = "One unified, fast, permission-aware accounting API inside ERPNext v15"
app_email = "dev@unified-accounting.invalid"
app_license = "mit"

# org/repo form: a bare "erpnext" makes install-app ask the GitHub API which org owns it.
required_apps = ["frappe/erpnext"]

after_install = "unified_accounting.install.after_install"
after_uninstall = "unified_accounting.install.after_uninstall"
# An index on GL Entry (modified, name): ledger export pages walk it instead of sorting the ledger.
after_migrate = [
	"unified_accounting.install.after_migrate",
	"unified_accounting.services.exports.ledger_export.ensure_index",
]

# Desk-only additions to the settings form: API Reference / workspace links, "Create integration user".
doctype_js = {"Unified Accounting Settings": "public/js/settings_desk.js"}

# Frappe refuses some calls before our code runs (guest, bad credentials, wrong HTTP method); this gives
# those refusals the unified error shape; then every answer of ours gets the caller's RateLimit-* headers.
after_request = [
	"unified_accounting.envelope.normalize_error_response",
	"unified_accounting.services.platform.ratelimit.add_headers",
]

# OAuth discovery for MCP clients (docs/mcp.md): RFC 9728 metadata of the MCP endpoint, and RFC 8414's
# well-known path for Frappe's own OAuth server (Frappe serves its metadata as OpenID discovery only).
website_redirects = [
	{
		"source": "/.well-known/oauth-protected-resource(/.*)?",
		"target": "/api/method/unified_accounting.api.mcp.protected_resource",
	},
	{
		"source": "/.well-known/oauth-authorization-server",
		"target": "/api/method/frappe.integrations.oauth2.openid_configuration",
	},
]

# The change feed and webhooks: every change of a watched doctype (declared in resources.py) is recorded in its own transaction
# (services/changes/log.py); deletes leave a tombstone.
_CHANGE_HANDLERS = {
	"on_change": "unified_accounting.services.changes.log.on_change",
	"on_trash": "unified_accounting.services.changes.log.on_trash",
	"after_rename": "unified_accounting.services.changes.log.after_rename",
}
# Cached list of enabled Accounting Dimensions (services/core/records.py)
_FORGET_DIMENSIONS = "unified_accounting.services.core.records.forget_dimensions"
clear_cache = _FORGET_DIMENSIONS

doc_events = {
	"Accounting Dimension": {
		event: _FORGET_DIMENSIONS for event in ("after_insert", "on_update", "on_change", "on_trash")
	},
	# A deleted user's API Scope row goes with it (services/platform/scopes.py).
	"User": {"on_trash": "unified_accounting.services.platform.scopes.forget_user"},
} | {doctype: _CHANGE_HANDLERS for doctype in _watched_doctypes()}

scheduler_events = {
	"daily": [
		"unified_accounting.services.platform.idempotency.purge_expired",
		"unified_accounting.services.changes.feed.purge_expired",
		# background export Files older than the retention (services/exports/jobs.py)
		"unified_accounting.services.exports.jobs.purge_expired",
	],
	"cron": {
		"*/5 * * * *": ["unified_accounting.services.platform.usage.flush"],
		"* * * * *": [
			"unified_accounting.services.webhooks.delivery.retry_due",
			# the sweep behind the per-commit sequencing jobs (a lost job, Redis down at commit)
			"unified_accounting.services.changes.sequence.sequence_changes",
		],
	},
}
