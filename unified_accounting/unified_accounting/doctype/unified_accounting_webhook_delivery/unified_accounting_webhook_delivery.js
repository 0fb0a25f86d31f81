// Replay: send this delivery's event again (same event id) as a new delivery, through the API method
// (unified_accounting.api.webhooks.replay_delivery: permission checks and the audit log as for any caller).
frappe.ui.form.on("Unified Accounting Webhook Delivery", {
	refresh(frm) {
		frm.add_custom_button(__("Replay"), () => {
			frappe
				.call({
					method: "unified_accounting.api.webhooks.replay_delivery",
					type: "POST",
					args: { id: frm.doc.name },
				})
				.then((r) => {
					const delivery = r.result;
					frappe.show_alert({ message: __("Replay queued: delivery {0}", [delivery.id]), indicator: "green" });
					frappe.set_route("Form", frm.doctype, delivery.id);
				});
		});
	},
});
