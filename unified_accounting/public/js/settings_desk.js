// Unified Accounting Settings (Desk): links to the API Reference and the workspace, and the
// "Create integration user" helper (System Manager only). Loaded through hooks.doctype_js.
frappe.ui.form.on("Unified Accounting Settings", {
	refresh(frm) {
		frm.add_custom_button(__("API Reference"), () => frappe.set_route("unified-api-reference"), __("Open"));
		frm.add_custom_button(__("Usage Workspace"), () => frappe.set_route("unified-accounting"), __("Open"));
		if (frappe.user.has_role("System Manager")) {
			frm.add_custom_button(__("Create Integration User"), () => unified_accounting.integration_user_dialog());
		}
	},
});

frappe.provide("unified_accounting");

// Roles an integration user may get here; the server checks the same list.
unified_accounting.INTEGRATION_ROLES = ["Accounts User", "Accounts Manager", "Sales User", "Purchase User", "Auditor"];

unified_accounting.integration_user_dialog = function () {
	const dialog = new frappe.ui.Dialog({
		title: __("Create Integration User"),
		fields: [
			{ fieldname: "email", fieldtype: "Data", options: "Email", label: __("Email"), reqd: 1 },
			{ fieldname: "full_name", fieldtype: "Data", label: __("Name"), description: __("e.g. the integrating product") },
			{
				fieldname: "roles",
				fieldtype: "MultiCheck",
				label: __("Roles"),
				columns: 2,
				options: unified_accounting.INTEGRATION_ROLES.map((role) => ({
					label: __(role),
					value: role,
					checked: role === "Accounts User",
				})),
			},
			{ fieldname: "restrictions", fieldtype: "Section Break", label: __("Restrict to (optional)") },
			{ fieldname: "company", fieldtype: "Link", options: "Company", label: __("Company") },
			{ fieldname: "customer", fieldtype: "Link", options: "Customer", label: __("Customer") },
			{ fieldname: "scope", fieldtype: "Section Break", label: __("API Scope (optional)") },
			{ fieldname: "read_only", fieldtype: "Check", label: __("Read only"), description: __("Refuse every write, over HTTP and MCP") },
			{
				fieldname: "resources",
				fieldtype: "Data",
				label: __("Only these resources"),
				description: __("Comma-separated, e.g. invoices, payments; empty: every resource"),
			},
		],
		primary_action_label: __("Create"),
		primary_action: (values) => unified_accounting.create_integration_user(dialog, values),
	});
	dialog.show();
	return dialog;
};

unified_accounting.create_integration_user = async function (dialog, values) {
	dialog.disable_primary_action();
	try {
		const response = await fetch("/api/method/unified_accounting.api.admin.create_integration_user", {
			method: "POST",
			headers: {
				Accept: "application/json",
				"Content-Type": "application/json",
				"X-Frappe-CSRF-Token": frappe.csrf_token,
			},
			body: JSON.stringify({
				email: values.email,
				full_name: values.full_name || null,
				roles: values.roles || [],
				company: values.company || null,
				customer: values.customer || null,
				read_only: Boolean(values.read_only),
				resources: (values.resources || "").split(",").map((r) => r.trim()).filter(Boolean),
			}),
		});
		const body = await response.json();
		if (!response.ok) {
			frappe.msgprint({ title: __("Not created"), message: body.error.message, indicator: "red" });
			return;
		}
		dialog.hide();
		unified_accounting.show_credentials(body.result);
	} finally {
		dialog.enable_primary_action();
	}
};

unified_accounting.show_credentials = function (created) {
	const escape = frappe.utils.escape_html;
	const dialog = new frappe.ui.Dialog({
		title: __("Integration user {0} created", [escape(created.user)]),
		fields: [{ fieldname: "credentials", fieldtype: "HTML" }],
		primary_action_label: __("Done"),
		primary_action: () => dialog.hide(),
	});
	dialog.fields_dict.credentials.$wrapper.html(`
		<p class="text-danger">${__("Copy the secret now: it is shown only this once.")}</p>
		<table class="table table-bordered ua-credentials">
			<tr><th>${__("API Key")}</th><td><code class="ua-api-key">${escape(created.api_key)}</code></td></tr>
			<tr><th>${__("API Secret")}</th><td><code class="ua-api-secret">${escape(created.api_secret)}</code></td></tr>
		</table>
		<p>${__("Try it:")}</p>
		<pre class="ua-curl" style="white-space: pre-wrap; word-break: break-all">${escape(created.curl)}</pre>
		<button class="btn btn-xs btn-default ua-copy-curl">${__("Copy curl")}</button>`);
	dialog.fields_dict.credentials.$wrapper
		.find(".ua-copy-curl")
		.on("click", () => frappe.utils.copy_to_clipboard(created.curl));
	dialog.show();
	return dialog;
};
