// Unified Accounting Settings: show where the API lives once the settings are saved.
frappe.ui.form.on("Unified Accounting Settings", {
	refresh(frm) {
		frm.set_intro(
			__("API base: {0}", [`<code>${frappe.urllib.get_base_url()}/api/method/unified_accounting.api.*</code>`]),
			"blue"
		);
	},
});
