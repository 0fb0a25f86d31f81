frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["UA API Requests per Endpoint"] = {
	method: "unified_accounting.unified_accounting.dashboard_chart_source.ua_api_requests_per_endpoint.ua_api_requests_per_endpoint.get",
	filters: [],
};
