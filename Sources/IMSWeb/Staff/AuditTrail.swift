import Foundation
import Hummingbird
import IMSCore

/// The audit trail, for auditors: a staff screen and `GET /api/v1/audit`, both filtered by actor, action and
/// UK dates, newest first, 50 a page with keyset pagination.
enum AuditTrail {
    struct EventRepresentation: Codable, Sendable {
        let id: Int64
        let occurredAt: String
        let actor: String
        let address: String?
        let action: String
        let target: String?
        let outcome: String
        let before: String?
        let after: String?

        init(_ event: AuditEvent) {
            id = event.id
            occurredAt = event.occurredAt.iso8601
            actor = event.actor
            address = event.address
            action = event.action
            target = event.target
            outcome = event.outcome
            before = event.before
            after = event.after
        }
    }

    struct Page: ResponseEncodable, Sendable {
        let results: [EventRepresentation]
        let next: String?
    }

    static func register(on routes: RouteTable, database: any AuditTrailStore, pages: PageRenderer) {
        routes.add(.get, "/api/v1/audit", access: .apiKey(.auditRead), "Search the audit trail") { request, _ in
            let query = try parse(request)
            let events = try await database.auditEvents(query)
            return Page(results: events.map(EventRepresentation.init), next: events.count == query.limit ? events.last.map { String($0.id) } : nil)
        }

        routes.add(.get, "/staff/audit", access: .staff(.auditRead), "The audit trail") { request, context in
            let query: AuditQuery
            do {
                query = try parse(request, emptyMeansAny: true)
            } catch let error as IMSError {
                return pages.page(
                    "audit", ["title": "Audit trail", "errors": [["message": error.reason, "field": error.field ?? ""]]],
                    status: .unprocessableContent, session: context.session)
            }
            let events = try await database.auditEvents(query)
            let rows = events.map { event -> [String: Any] in
                [
                    "id": event.id, "when": PageFormat.dateTime(event.occurredAt), "actor": event.actor, "address": event.address ?? "",
                    "action": event.action, "target": event.target ?? "", "outcome": event.outcome, "refused": event.outcome == AuditEvent.refused,
                    "before": event.before ?? "", "after": event.after ?? "",
                ]
            }
            var values: [String: Any] = [
                "title": "Audit trail", "events": rows, "hasEvents": !rows.isEmpty,
                "actor": query.actor ?? "", "action": query.action ?? "",
                "from": request.uri.queryParameters["from"].map(String.init) ?? "", "to": request.uri.queryParameters["to"].map(String.init) ?? "",
            ]
            if events.count == query.limit, let last = events.last {
                var components = URLComponents()
                components.path = "/staff/audit"
                components.queryItems =
                    (request.uri.queryParameters.map { URLQueryItem(name: String($0.key), value: String($0.value)) }
                        .filter { $0.name != "after" }) + [URLQueryItem(name: "after", value: String(last.id))]
                values["nextPage"] = components.string ?? ""
            }
            return pages.page("audit", values, session: context.session)
        }
    }

    /// Filters from the query string; dates are UK local days (`2026-11-27`), `to` inclusive. The staff
    /// screen's form sends its empty fields, which mean "any"; the API refuses an empty date or cursor, as
    /// its document says (issue 10).
    static func parse(_ request: Request, emptyMeansAny: Bool = false) throws -> AuditQuery {
        let parameters = request.uri.queryParameters
        func text(_ name: String) -> String? {
            guard let raw = parameters[Substring(name)] else { return nil }
            let value = String(raw).trimmingWhitespace()
            return value.isEmpty ? nil : value
        }
        func typed(_ name: String) -> String? {
            guard let raw = parameters[Substring(name)] else { return nil }
            guard emptyMeansAny else { return String(raw) }
            let value = String(raw).trimmingWhitespace()
            return value.isEmpty ? nil : value
        }
        let after = try typed("after").map { value -> Int64 in
            // At most 18 digits, as the API document says.
            guard value.count <= 18, value.allSatisfy({ $0.isASCII && $0.isNumber }), let id = Int64(value), id > 0 else {
                throw IMSError.validation(.auditCursor, "The page cursor is not valid", field: "after")
            }
            return id
        }
        return AuditQuery(
            actor: text("actor"), action: text("action"),
            from: try typed("from").map { try UKDate.startOfDay($0, field: "from") },
            to: try typed("to").flatMap { try UKDate.endOfDay($0, field: "to") },
            before: after, limit: 50)
    }
}

extension IMSError.Code {
    /// An `after` that is not a page cursor of the audit trail.
    static let auditCursor = Self("audit.cursor")
}
