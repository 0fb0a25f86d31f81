// API Reference: this site's live OpenAPI document (api.meta.openapi), rendered by the bundled RapiDoc.
frappe.pages["unified-api-reference"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({
		parent: wrapper,
		title: __("API Reference"),
		single_column: true,
	});
	page.add_inner_button(__("Settings"), () => frappe.set_route("Form", "Unified Accounting Settings"));
	page.add_inner_button(__("Workspace"), () => frappe.set_route("unified-accounting"));
	const container = $('<div class="ua-api-reference"></div>').appendTo(page.body).get(0);
	container.textContent = __("Loading the OpenAPI document...");

	frappe
		.require("api_reference.bundle.js")
		.then(() => {
			page.set_secondary_action(__("Download OpenAPI"), () =>
				window.open(unified_accounting.api_reference.SPEC_URL)
			);
			return unified_accounting.api_reference.fetch_spec();
		})
		.then((spec) => unified_accounting.api_reference.render(container, spec))
		.catch((error) => {
			container.textContent = __("Could not load the OpenAPI document: {0}", [error.message]);
		});
};
