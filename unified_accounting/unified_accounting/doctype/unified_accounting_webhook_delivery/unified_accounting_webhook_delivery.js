// Replay: send this delivery's event again (same event id) as a new delivery.
frappe.ui.form.on("Unified Accounting Webhook Delivery", {
	refresh(frm) {
		frm.add_custom_button(__("Replay"), () => {
			frm.call("replay").then((r) => {
				frappe.show_alert({ message: __("Replay queued: delivery {0}", [r.message]), indicator: "green" });
				frappe.set_route("Form", frm.doctype, r.message);
			});
		});
	},
});
