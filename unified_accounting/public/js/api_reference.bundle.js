// The API Reference page's renderer: RapiDoc (a web component, from npm, bundled by `bench build`)
// showing this site's live OpenAPI document.
import "rapidoc";

frappe.provide("unified_accounting.api_reference");

const SPEC_METHOD = "unified_accounting.api.meta.openapi";
unified_accounting.api_reference.SPEC_URL = `/api/method/${SPEC_METHOD}`;

unified_accounting.api_reference.fetch_spec = async function () {
	const response = await fetch(unified_accounting.api_reference.SPEC_URL, {
		headers: { Accept: "application/json" },
		credentials: "same-origin",
	});
	const body = await response.json();
	if (!response.ok) {
		throw new Error((body.error && body.error.message) || response.statusText);
	}
	return body;
};

unified_accounting.api_reference.render = function (container, spec) {
	const doc = document.createElement("rapi-doc");
	const attributes = {
		"render-style": "read",
		layout: "column",
		theme: "light",
		"show-header": "false",
		"show-info": "true",
		"allow-authentication": "true",
		"allow-server-selection": "false",
		"allow-try": "true",
		"schema-style": "table",
		"primary-color": "#2490ef",
		"bg-color": "#ffffff",
		"nav-bg-color": "#f8f8f8",
		"nav-text-color": "#1f272e",
		// "Try" requests go out with the Desk session: Frappe wants the CSRF token on POSTs.
		"api-key-name": "X-Frappe-CSRF-Token",
		"api-key-location": "header",
		"api-key-value": frappe.csrf_token,
		"fetch-credentials": "same-origin",
	};
	for (const [name, value] of Object.entries(attributes)) {
		doc.setAttribute(name, value);
	}
	doc.style.height = "calc(100vh - 140px)";
	doc.style.width = "100%";
	container.replaceChildren(doc);
	doc.loadSpec(spec);
	return doc;
};
