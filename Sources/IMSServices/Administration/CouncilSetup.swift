import IMSCore

/// Setting up the council: its VAT codes, funds, methods of payment, offices, fund groups and system
/// messages, one item at a time (the screens) or as a whole file (`ims council apply`). Every change is
/// checked against the configuration it would make, saved, and audited with the item before and after,
/// all in one unit of work; a change is seen at once by every running instance, which reads the
/// configuration from the database on each request.
public struct CouncilSetup: Sendable {
    let store: any UnitOfWork

    public init(store: any UnitOfWork) {
        self.store = store
    }

    /// One item of the configuration, as a screen saves it.
    public enum Item: Sendable, Hashable {
        case vatCode(VATCode)
        case fund(Fund)
        case method(MethodOfPayment)
        case office(Office)
        case fundGroup(FundGroup)
        case systemMessage(SystemMessage)
    }

    /// What the caller saw of the item before its change, checked in the same unit of work as the save, so that
    /// a change someone else made meanwhile is refused rather than silently undone.
    public enum Expectation: Sendable, Hashable {
        /// Save whatever is there now (a file, the command line).
        case anything
        /// The code must be new (an "add" form).
        case absent
        /// The item must still be as the caller read it (an "edit" form).
        case unchanged(Item)
    }

    /// Adds or replaces one item (by its code); retiring is saving it retired. Returns the change made, or
    /// nil when the item was already exactly so. Throws a conflict (`configuration.code_taken`,
    /// `configuration.changed_since_read`) when the item is not as `expecting` says.
    @discardableResult
    public func save(_ item: Item, by requester: Requester, expecting: Expectation = .anything) async throws -> ConfigurationChange? {
        try await store.transaction { tx in
            let current = try await tx.configuration()
            try Self.check(expecting, for: item, in: current)
            var new = current
            switch item {
            case .vatCode(let code): Self.replace(&new.vatCodes, code, by: \.code)
            case .fund(let fund): Self.replace(&new.funds, fund, by: \.code.rawValue)
            case .method(let method): Self.replace(&new.methodsOfPayment, method, by: \.code)
            case .office(let office): Self.replace(&new.offices, office, by: \.code)
            case .fundGroup(let group): Self.replace(&new.fundGroups, group, by: \.code)
            case .systemMessage(let message): Self.replace(&new.systemMessages, message, by: \.code)
            }
            try new.check()
            let changes = ConfigurationChange.changes(from: current, to: new)
            try await Self.record(changes, of: new, in: tx, by: requester)
            return changes.first
        }
    }

    /// Applies a whole configuration (a file): items in it are added or changed, items missing from it are
    /// retired; all or nothing. With `dryRun`, returns the changes and saves nothing.
    public func apply(_ configuration: CouncilConfiguration, by requester: Requester, dryRun: Bool) async throws -> [ConfigurationChange] {
        try configuration.check()
        if dryRun {
            let current = try await store.transaction { tx in try await tx.configuration() }
            return ConfigurationChange.changes(from: current, to: configuration)
        }
        return try await store.transaction { tx in
            let current = try await tx.configuration()
            let new = ConfigurationChange.applied(configuration, over: current)
            try new.check()
            let changes = ConfigurationChange.changes(from: current, to: configuration)
            try await Self.record(changes, of: new, in: tx, by: requester)
            return changes
        }
    }

    private static func check(_ expectation: Expectation, for item: Item, in configuration: CouncilConfiguration) throws(IMSError) {
        let now = item.code.flatMap { code in configuration.items(of: item).first { $0.code == code } }
        switch expectation {
        case .anything: return
        case .absent where now != nil:
            throw IMSError(.conflict, .configurationCodeTaken, "There is already a \(item.kindName) with the code \(item.code ?? "")")
        case .unchanged(let seen) where now != seen:
            throw IMSError(
                .conflict, .configurationChangedSinceRead, "This \(item.kindName) was changed by someone else after you read it: read it again")
        default: return
        }
    }

    private static func replace<T>(_ items: inout [T], _ item: T, by code: (T) -> String) {
        if let index = items.firstIndex(where: { code($0) == code(item) }) { items[index] = item } else { items.append(item) }
    }

    /// Saves the items `changes` touch, as `new` has them, each with its audit event.
    private static func record(_ changes: [ConfigurationChange], of new: CouncilConfiguration, in tx: any StoreTransaction, by requester: Requester)
        async throws
    {
        let admin = tx.administration
        for change in changes {
            switch change.kind {
            case "council": try await admin.saveProfile(new.profile)
            case "vat_code": if let item = new.vatCodes.first(where: { $0.code == change.code }) { try await admin.saveVATCode(item) }
            case "fund": if let item = new.funds.first(where: { $0.code.rawValue == change.code }) { try await admin.saveFund(item) }
            case "method": if let item = new.methodsOfPayment.first(where: { $0.code == change.code }) { try await admin.saveMethodOfPayment(item) }
            case "office": if let item = new.offices.first(where: { $0.code == change.code }) { try await admin.saveOffice(item) }
            case "fund_group": if let item = new.fundGroups.first(where: { $0.code == change.code }) { try await admin.saveFundGroup(item) }
            case "system_message":
                if let item = new.systemMessages.first(where: { $0.code == change.code }) { try await admin.saveSystemMessage(item) }
            default: continue
            }
            try await tx.audit.append(
                requester.event(
                    "\(change.kind).\(change.action.rawValue)", target: "\(change.kind):\(change.code)", before: change.before, after: change.after,
                    at: tx.now))
        }
    }
}

extension CouncilSetup.Item {
    /// The item's code.
    var code: String? {
        switch self {
        case .vatCode(let item): item.code
        case .fund(let item): item.code.rawValue
        case .method(let item): item.code
        case .office(let item): item.code
        case .fundGroup(let item): item.code
        case .systemMessage(let item): item.code
        }
    }

    /// `fund`, `VAT code`…, for messages.
    var kindName: String {
        switch self {
        case .vatCode: "VAT code"
        case .fund: "fund"
        case .method: "method of payment"
        case .office: "office"
        case .fundGroup: "fund group"
        case .systemMessage: "system message"
        }
    }
}

extension CouncilConfiguration {
    /// The items of the same kind as `item`.
    fileprivate func items(of item: CouncilSetup.Item) -> [CouncilSetup.Item] {
        switch item {
        case .vatCode: vatCodes.map { .vatCode($0) }
        case .fund: funds.map { .fund($0) }
        case .method: methodsOfPayment.map { .method($0) }
        case .office: offices.map { .office($0) }
        case .fundGroup: fundGroups.map { .fundGroup($0) }
        case .systemMessage: systemMessages.map { .systemMessage($0) }
        }
    }
}
