import Foundation
import Hummingbird
import IMSCore
import IMSServices

/// The pages every set-up family has: the list, a new item's form, the item's page, its edit form, and
/// retire / reinstate (nothing is deleted: a used code keeps its history). Every route needs the family's
/// permission; every form carries the session's CSRF token, which the staff gate checks.
enum SetupRoutes<Family: SetupFamily> {
    static func register(on routes: RouteTable, screens: SetupContext) {
        let access = RouteAccess.staff(Family.permission)
        let base = Family.url()
        routes.add(.get, base, access: access, "List \(Family.title.lowercased())") { _, context in
            try await listPage(screens: screens, context: context)
        }
        routes.add(.get, base + "/new", access: access, "The form for a new \(Family.singular)") { _, context in
            try await formPage(nil, typed: nil, screens: screens, context: context)
        }
        routes.add(.post, base, access: access, "Add a \(Family.singular)") { _, context in
            try await submit(nil, screens: screens, context: context)
        }
        routes.add(.get, base + "/{id}", access: access, "A \(Family.singular) and its settings") { request, context in
            let item = try await existing(context, screens: screens)
            return try await itemPage(item, request: request, screens: screens, context: context)
        }
        routes.add(.get, base + "/{id}/edit", access: access, "The form to change a \(Family.singular)") { _, context in
            try await formPage(try await existing(context, screens: screens), typed: nil, screens: screens, context: context)
        }
        routes.add(.post, base + "/{id}", access: access, "Change a \(Family.singular)") { _, context in
            try await submit(try await existing(context, screens: screens), screens: screens, context: context)
        }
        for (action, retired) in [("retire", true), ("reinstate", false)] {
            routes.add(.post, base + "/{id}/\(action)", access: access, "\(action.capitalized) a \(Family.singular)") { _, context in
                let item = try await existing(context, screens: screens)
                try await screens.save(Family.saved(Family.setting(item, retired: retired)), by: try context.requester)
                return Response(status: .seeOther, headers: [.location: Family.url(Family.code(of: item)) + "?done=\(action)"])
            }
        }
        Family.registerMore(on: routes, screens: screens)
    }

    /// The item of the route's code, or 404.
    static func existing(_ context: IMSRequestContext, screens: SetupContext) async throws -> Family.Item {
        guard let code = context.parameters.get("id")?.removingPercentEncoding,
            let item = Family.item(code, in: try await screens.database.configuration())
        else { throw HTTPError(.notFound, message: "There is no \(Family.singular) with that code.") }
        return item
    }

    private static func listPage(screens: SetupContext, context: IMSRequestContext) async throws -> Response {
        let configuration = try await screens.database.configuration()
        let rows = Family.items(in: configuration).map { item -> [String: Any] in
            [
                "code": Family.code(of: item), "name": Family.name(of: item), "link": Family.url(Family.code(of: item)),
                "retired": Family.isRetired(item), "cells": Family.cells(item, in: configuration).map { ["text": $0] },
            ]
        }
        let values: [String: Any] = [
            "title": Family.title, "singular": Family.singular, "newLink": Family.url() + "/new", "rows": rows, "hasRows": !rows.isEmpty,
            "columns": Family.columns.map { ["name": $0] },
        ]
        return screens.pages.page("setup-list", values, session: context.session)
    }

    private static func submit(_ existing: Family.Item?, screens: SetupContext, context: IMSRequestContext) async throws -> Response {
        let configuration = try await screens.database.configuration()
        var reader = SetupFormReader(context.form)
        let code = existing.map(Family.code(of:)) ?? reader.code(maximumLength: Family.codeLength)
        if existing == nil, !code.isEmpty, Family.item(code, in: configuration) != nil {
            reader.fail("code", "There is already a \(Family.singular) with the code \(code): choose another, or change that one")
        }
        if let existing, !Family.isCurrent(existing, version: context.form["version"]) {
            return try await stalePage(existing, screens: screens, context: context)
        }
        let item = Family.parse(&reader, code: code, existing: existing, in: configuration)
        do {
            try reader.finish()
            // Checked again inside the save's unit of work: another officer may save between this read and that write.
            let expectation: CouncilSetup.Expectation = existing.map { .unchanged(Family.saved($0)) } ?? .absent
            try await screens.save(Family.saved(item), by: try context.requester, expecting: expectation)
        } catch let refused as SetupFormErrors {
            return try await formPage(existing, typed: context.form, errors: refused.errors, screens: screens, context: context)
        } catch let error as IMSError where error.code == .configurationChangedSinceRead {
            let now = Family.item(code, in: try await screens.database.configuration())
            return try await stalePage(now ?? existing!, screens: screens, context: context)
        }
        return Response(status: .seeOther, headers: [.location: Family.url(code) + "?done=\(existing == nil ? "add" : "change")"])
    }

    /// The edit form again, as the item now stands, saying someone else changed it meanwhile (409).
    private static func stalePage(_ current: Family.Item, screens: SetupContext, context: IMSRequestContext) async throws -> Response {
        let stale = IMSError(
            .conflict, .configurationChangedSinceRead,
            "This \(Family.singular) was changed by someone else after you opened the form. It is shown below as it is now: make your change again")
        return try await formPage(current, typed: nil, errors: [stale], status: .conflict, screens: screens, context: context)
    }

    static func formPage(
        _ item: Family.Item?, typed: FormData?, errors: [IMSError] = [], status: HTTPResponse.Status? = nil, screens: SetupContext,
        context: IMSRequestContext
    ) async throws -> Response {
        let configuration = try await screens.database.configuration()
        var sections = Family.sections(item, typed: typed, in: configuration)
        if item == nil {
            let codeField = SetupField(
                name: "code", label: "Code", hint: "Up to \(Family.codeLength) letters, digits, - or _; it cannot be changed later",
                value: typed?["code"] ?? "", isShort: true)
            sections.insert(SetupSection(fields: [codeField]), at: 0)
        }
        let firstField = sections.first?.fields.first?.name ?? "code"
        let (summary, byField) = setupErrorValues(errors, fallbackField: firstField)
        let code = item.map(Family.code(of:))
        let values: [String: Any] = [
            "title": item.map { "Change \(Family.singular) \(Family.code(of: $0))" } ?? "Add a \(Family.singular)",
            "action": code.map { Family.url($0) } ?? Family.url(), "back": code.map { Family.url($0) } ?? Family.url(),
            "sections": sections.map { $0.values(errors: byField) }, "errors": summary,
            "button": item == nil ? "Add \(Family.singular)" : "Save changes", "version": item.map(Family.version(of:)) ?? "",
        ]
        return screens.pages.page(
            "setup-form", values.droppingEmptyText(), status: status ?? (errors.isEmpty ? .ok : .unprocessableContent), session: context.session)
    }

    /// The item's page; `extra` and `status` for a family's own form refused on it (a VAT rate).
    static func itemPage(
        _ item: Family.Item, request: Request, screens: SetupContext, context: IMSRequestContext, extra: [String: Any] = [:],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let configuration = try await screens.database.configuration()
        let code = Family.code(of: item)
        let done = request.uri.queryParameters["done"].map(String.init) ?? ""
        let notices = ["add": "added", "change": "saved", "retire": "retired", "reinstate": "reinstated", "rate": "given its new rate"]
        var values: [String: Any] = [
            "title": "\(Family.singular.prefix(1).uppercased() + Family.singular.dropFirst()) \(code)", "name": Family.name(of: item), "code": code,
            "retired": Family.isRetired(item),
            "url": Family.url(code), "list": Family.url(), "listTitle": Family.title, "singular": Family.singular,
            "rows": Family.summary(item, in: configuration).map { ["label": $0.0, "value": $0.1] },
            "notice": notices[done].map { "The \(Family.singular) was \($0)." } ?? "",
        ]
        values.merge(try await Family.detail(item, request: request, screens: screens)) { $1 }
        values.merge(extra) { $1 }
        return screens.pages.page("setup-item", values.droppingEmptyText(), status: status, session: context.session)
    }
}
