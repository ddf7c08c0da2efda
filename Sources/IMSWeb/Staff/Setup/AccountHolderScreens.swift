import Foundation
import Hummingbird
import IMSCore

/// The council's account holders (loaded from its revenue systems), to search and look at: by the start of
/// the reference, or part of the name or postcode, in one fund or all. Nothing here changes them.
enum AccountHolderScreens {
    static let path = "/staff/setup/accounts"
    static let pageSize = 50

    static func register(on routes: RouteTable, screens: SetupContext) {
        routes.add(.get, path, access: .staff(.adminFunds), "Search the council's account holders") { request, context in
            // Read as a browser sends a GET form: `+` is a space (a name or postcode with spaces).
            let query = FormData(urlEncoded: request.uri.query ?? "")
            let text = query["text"].map { String($0.prefix(100)).trimmingWhitespace() } ?? ""
            let fundText = query["fund"] ?? ""
            let configuration = try await screens.database.configuration()
            let fund = configuration.funds.first { $0.code.rawValue == fundText }?.code
            var values: [String: Any] = [
                "title": "Account holders", "text": text,
                "funds": configuration.funds.filter { !$0.isSuspense }.map {
                    ["value": $0.code.rawValue, "label": "\($0.name) (\($0.code))", "selected": $0.code == fund] as [String: Any]
                },
            ]
            if query["text"] != nil || fund != nil {
                let holders = try await screens.database.searchAccountHolders(fund: fund, text: text, limit: pageSize + 1)
                values["searched"] = true
                values["results"] = holders.prefix(pageSize).map { holder -> [String: Any] in
                    [
                        "fund": holder.fundCode.rawValue, "reference": holder.reference.value, "name": holder.name,
                        "postcode": holder.postcode ?? "", "link": link(holder), "onStop": holder.onStopReason != nil,
                    ]
                }
                values["hasResults"] = !holders.isEmpty
                values["more"] = holders.count > pageSize
            }
            return screens.pages.page("setup-accounts", values, session: context.session)
        }

        routes.add(.get, path + "/view", access: .staff(.adminFunds), "One account holder") { request, context in
            let query = FormData(urlEncoded: request.uri.query ?? "")
            guard let fund = try? FundCode(parsing: query["fund"] ?? ""), let text = query["reference"] else {
                throw HTTPError(.notFound, message: "There is no account with that reference.")
            }
            let key = AccountKey(fundCode: fund, reference: AccountReference(normalising: text))
            guard let holder = try await screens.database.accountHolders([key])[key] else {
                throw HTTPError(.notFound, message: "There is no \(fund) account with that reference.")
            }
            let rows: [[String: String]] = [
                ["label": "Fund", "value": holder.fundCode.rawValue], ["label": "Reference", "value": holder.reference.value],
                ["label": "Name", "value": holder.name],
                ["label": "Address", "value": holder.address.isEmpty ? "None" : holder.address.joined(separator: ", ")],
                ["label": "Postcode", "value": holder.postcode ?? "None"], ["label": "Balance", "value": holder.balance?.formatted ?? "Not given"],
                ["label": "On stop", "value": holder.onStopReason.map { "Yes: \($0)" } ?? "No"],
            ]
            return screens.pages.page(
                "setup-account", ["title": "Account \(holder.reference.value)", "rows": rows, "back": path], session: context.session)
        }
    }

    static func link(_ holder: AccountHolder) -> String {
        var components = URLComponents()
        components.path = path + "/view"
        components.queryItems = [
            URLQueryItem(name: "fund", value: holder.fundCode.rawValue), URLQueryItem(name: "reference", value: holder.reference.value),
        ]
        return components.string ?? path
    }
}
