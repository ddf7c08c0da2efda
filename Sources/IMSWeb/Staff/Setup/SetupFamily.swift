import Foundation
import Hummingbird
import IMSCore
import IMSServices

/// What the set-up screens use: the `CouncilSetup` workflow for every change, the configuration and the
/// account holders to read, the pages, and the clock (for the day a new VAT rate may start).
struct SetupContext: Sendable {
    let setup: CouncilSetup
    let database: any CouncilStore & AccountHolderStore
    let pages: PageRenderer
    let clock: any WallClock
}

/// One kind of configuration item that officers list, add, change, retire and reinstate on the set-up
/// screens (funds, methods of payment, VAT codes, offices, fund groups, system messages). `SetupRoutes`
/// gives every family the same pages; a family says only what its item holds and how its form reads.
protocol SetupFamily: SendableMetatype {
    associatedtype Item: Sendable & Codable & Equatable

    /// The path under `/staff/setup/`, e.g. `funds`.
    static var path: String { get }
    /// `Funds`, and `fund` for sentences.
    static var title: String { get }
    static var singular: String { get }
    static var permission: Permission { get }
    /// The longest code the family allows.
    static var codeLength: Int { get }
    /// The list's columns after code and name.
    static var columns: [String] { get }

    static func items(in configuration: CouncilConfiguration) -> [Item]
    static func code(of item: Item) -> String
    static func name(of item: Item) -> String
    static func isRetired(_ item: Item) -> Bool
    static func setting(_ item: Item, retired: Bool) -> Item
    static func cells(_ item: Item, in configuration: CouncilConfiguration) -> [String]
    /// The item's page: its settings as label and value.
    static func summary(_ item: Item, in configuration: CouncilConfiguration) -> [(String, String)]
    /// The form's fields: of `item` (nil for a new one), or as typed when a save was refused.
    static func sections(_ item: Item?, typed form: FormData?, in configuration: CouncilConfiguration) -> [SetupSection]
    /// Reads the form into an item with `code`; problems go into the reader.
    static func parse(_ reader: inout SetupFormReader, code: String, existing: Item?, in configuration: CouncilConfiguration) -> Item
    static func saved(_ item: Item) -> CouncilSetup.Item
    /// More for the item's page (a fund's reference trial, a VAT code's rates).
    static func detail(_ item: Item, request: Request, screens: SetupContext) async throws -> [String: Any]
    /// Routes of the family's own (adding a VAT rate).
    static func registerMore(on routes: RouteTable, screens: SetupContext)
}

extension SetupFamily {
    static var codeLength: Int { 10 }
    static func detail(_ item: Item, request: Request, screens: SetupContext) async throws -> [String: Any] { [:] }
    static func registerMore(on routes: RouteTable, screens: SetupContext) {}

    static func item(_ code: String, in configuration: CouncilConfiguration) -> Item? {
        items(in: configuration).first { Self.code(of: $0) == code }
    }

    /// The item as the edit form showed it, carried in the form (JSON, base64) so that a save over someone
    /// else's change made since the form was opened is refused rather than silently undoing theirs. The
    /// item itself rather than a digest of its JSON: JSON of a `Set` (a fund's ways in) has no fixed order.
    static func version(of item: Item) -> String {
        ((try? JSONEncoder().encode(item)) ?? Data()).base64EncodedString()
    }

    /// Whether the form's `version` is the item as it stands now.
    static func isCurrent(_ item: Item, version: String?) -> Bool {
        guard let version, let data = Data(base64Encoded: version), let seen = try? JSONDecoder().decode(Item.self, from: data) else { return false }
        return seen == item
    }

    /// `/staff/setup/funds`, or an item's page under it.
    static func url(_ code: String? = nil) -> String {
        let base = "/staff/setup/\(path)"
        guard let code else { return base }
        return base + "/" + (code.addingPercentEncoding(withAllowedCharacters: codeCharacters) ?? code)
    }
}

/// The characters a code may show in a URL as they are.
private let codeCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_"))

extension SetupContext {
    /// Saves one item through the workflow (checked against the whole configuration and audited in the same
    /// unit of work). A configuration the checks refuse comes back as form errors, one per problem.
    func save(_ item: CouncilSetup.Item, by requester: Requester, expecting: CouncilSetup.Expectation = .anything) async throws {
        do {
            try await setup.save(item, by: requester, expecting: expecting)
        } catch let error as IMSError where error.code == .configurationCodeTaken {
            throw SetupFormErrors(errors: [IMSError.validation(error.code, error.reason + ": choose another, or change that one", field: "code")])
        } catch let error as IMSError where error.kind == .validation {
            let problems = error.reason.split(separator: "\n").map { IMSError.validation(error.code, String($0), field: error.field) }
            throw SetupFormErrors(errors: problems)
        }
    }

    /// The UK day today, `YYYY-MM-DD`.
    var today: String { VATRate.day(of: clock.now()) }
}

/// A page's values for the error summary and the fields' own messages; an error without a field points to
/// `fallbackField` (the form's first field).
func setupErrorValues(_ errors: [IMSError], fallbackField: String) -> (summary: [[String: String]], byField: [String: String]) {
    var byField: [String: String] = [:]
    let summary = errors.map { error -> [String: String] in
        let field = error.field ?? fallbackField
        if error.field != nil, byField[field] == nil { byField[field] = error.reason }
        return ["message": error.reason, "field": field]
    }
    return (summary, byField)
}
