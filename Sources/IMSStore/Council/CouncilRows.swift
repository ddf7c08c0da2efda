import Foundation
import IMSCore
import SQLKit

/// The council's reference data as rows: lists are stored as comma- or newline-separated text, routes by
/// their names, the card fee as `none`, `fixed:PENCE` or `percentage:BASIS_POINTS`.
enum CouncilRows {
    static func methodOfPayment(_ code: String, in database: any SQLDatabase) async throws -> MethodOfPayment? {
        try await database.raw("SELECT * FROM methods_of_payment WHERE code = \(bind: code)").first().map(methodOfPayment(from:))
    }

    static func methodOfPayment(from row: any SQLRow) throws -> MethodOfPayment {
        let code = try row.decode(column: "code", as: String.self)
        return MethodOfPayment(
            code: code, name: try row.decode(column: "name", as: String.self),
            minimumAmount: try row.decode(column: "minimum_pence", as: Int64?.self).map(Money.init(pence:)),
            maximumAmount: try row.decode(column: "maximum_pence", as: Int64?.self).map(Money.init(pence:)),
            isRefundable: try flag(row, "is_refundable"),
            cardFee: try cardFee(
                try row.decode(column: "card_fee", as: String.self), bearer: try row.decode(column: "card_fee_bearer", as: String.self), code),
            clearingAccountCode: try row.decode(column: "clearing_account_code", as: String.self),
            routes: routes(try row.decode(column: "routes", as: String.self)), isRetired: try flag(row, "is_retired"))
    }

    static func fund(from row: any SQLRow) throws -> Fund {
        let code = try row.decode(column: "code", as: String.self)
        let validatorJSON = try row.decode(column: "reference_validator", as: String.self)
        let validator: ReferenceValidator
        do {
            validator = try JSONDecoder().decode(ReferenceValidator.self, from: Data(validatorJSON.utf8))
        } catch {
            throw StoreError(.corruptRow, "Fund \(code) has an unreadable reference validator: \(error)")
        }
        return Fund(
            code: try FundCode(parsing: code), name: try row.decode(column: "name", as: String.self),
            description: try row.decode(column: "description", as: String?.self), vatCode: try row.decode(column: "vat_code", as: String.self),
            minimumAmount: try row.decode(column: "minimum_pence", as: Int64?.self).map(Money.init(pence:)),
            maximumAmount: try row.decode(column: "maximum_pence", as: Int64?.self).map(Money.init(pence:)),
            glCode: try row.decode(column: "gl_code", as: String.self), costCentre: try row.decode(column: "cost_centre", as: String.self),
            referenceValidator: validator, routes: routes(try row.decode(column: "routes", as: String.self)),
            asksAddress: try flag(row, "asks_address"), accountMustExist: try flag(row, "account_must_exist"),
            onStopMessage: try row.decode(column: "on_stop_message", as: String?.self),
            hidesReferencesInLogs: try flag(row, "hides_references_in_logs"), isRetired: try flag(row, "is_disabled"),
            isSuspense: try flag(row, "is_suspense"))
    }

    static func encode(_ validator: ReferenceValidator) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(validator), as: UTF8.self)
    }

    static func flag(_ row: any SQLRow, _ column: String) throws -> Bool { try row.decode(column: column, as: Int64.self) != 0 }
    static func flag(_ value: Bool) -> Int64 { value ? 1 : 0 }

    static func routes(_ text: String) -> Set<PaymentRoute> { Set(text.split(separator: ",").compactMap { PaymentRoute(rawValue: String($0)) }) }
    static func text(_ routes: Set<PaymentRoute>) -> String { routes.sorted().map(\.rawValue).joined(separator: ",") }

    static func list(_ text: String, separator: Character = ",") -> [String] { text.split(separator: separator).map(String.init) }

    static func cardFee(_ text: String, bearer: String, _ method: String) throws -> CardFeeRule {
        let parts = text.split(separator: ":", maxSplits: 1)
        let bearer = CardFeeRule.Bearer(rawValue: bearer) ?? .council
        switch (parts.first, parts.count == 2 ? Int64(parts[1]) : nil) {
        case ("none", _): return CardFeeRule(charge: .none, bearer: bearer)
        case ("fixed", let pence?): return CardFeeRule(charge: .fixed(Money(pence: pence)), bearer: bearer)
        case ("percentage", let basisPoints?): return CardFeeRule(charge: .percentage(basisPoints: basisPoints), bearer: bearer)
        default: throw StoreError(.corruptRow, "Method \(method) has an unreadable card fee \(text)")
        }
    }

    static func text(_ fee: CardFeeRule) -> String {
        switch fee.charge {
        case .none: "none"
        case .fixed(let amount): "fixed:\(amount.pence)"
        case .percentage(let basisPoints): "percentage:\(basisPoints)"
        }
    }
}

extension IMSDatabase: CouncilStore {
    static let profileSetting = "council.profile"

    public func configuration() async throws -> CouncilConfiguration {
        try await backend.read { database in try await CouncilRows.configuration(in: database) }
    }

    /// Saves every item of `configuration` (adding or replacing by code) in one transaction, without audit
    /// events: the demo's seed and tests. Operators use `CouncilAdministration`, which audits each change.
    public func save(_ configuration: CouncilConfiguration) async throws {
        for fund in configuration.funds { try fund.referenceValidator.checkConfiguration() }
        try await transaction { tx in
            let admin = tx.administration
            try await admin.saveProfile(configuration.profile)
            for code in configuration.vatCodes { try await admin.saveVATCode(code) }
            for fund in configuration.funds { try await admin.saveFund(fund) }
            for method in configuration.methodsOfPayment { try await admin.saveMethodOfPayment(method) }
            for office in configuration.offices { try await admin.saveOffice(office) }
            for group in configuration.fundGroups { try await admin.saveFundGroup(group) }
            for message in configuration.systemMessages { try await admin.saveSystemMessage(message) }
        }
    }

    static func upsertSetting(_ key: String, _ value: String, in database: any SQLDatabase) async throws {
        try await database.raw(
            """
            INSERT INTO settings (key, value) VALUES (\(bind: key), \(bind: value))
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """
        ).run()
    }
}

extension IMSDatabase {
    /// Replaces the council's details in a transaction of its own, without an audit event (the demo's
    /// seed); operators use `CouncilAdministration`, which audits.
    public func saveProfile(_ profile: CouncilProfile) async throws {
        try await transaction { tx in try await tx.administration.saveProfile(profile) }
    }
}

extension CouncilRows {
    /// The council's configuration as `database` (a connection or a transaction) sees it.
    static func configuration(in database: any SQLDatabase) async throws -> CouncilConfiguration {
        let profileJSON = try await database.raw("SELECT value FROM settings WHERE key = \(bind: IMSDatabase.profileSetting)").first()?
            .decode(column: "value", as: String.self)
        let profile =
            try profileJSON.map { try JSONDecoder().decode(CouncilProfile.self, from: Data($0.utf8)) }
            ?? CouncilProfile(name: "Council", address: [], vatRegistrationNumber: "")
        var ratesByCode: [String: [VATRate]] = [:]
        for row in try await database.raw("SELECT * FROM vat_rates ORDER BY vat_code, effective_from").all() {
            ratesByCode[try row.decode(column: "vat_code", as: String.self), default: []].append(
                VATRate(
                    effectiveFrom: try row.decode(column: "effective_from", as: String.self),
                    rateBasisPoints: try row.decode(column: "rate_basis_points", as: Int64.self)))
        }
        let vatCodes = try await database.raw("SELECT * FROM vat_codes ORDER BY code").all().map { row in
            let code = try row.decode(column: "code", as: String.self)
            let latest = try row.decode(column: "rate_basis_points", as: Int64.self)
            return VATCode(
                code: code, name: try row.decode(column: "name", as: String.self),
                treatment: VATTreatment(rawValue: try row.decode(column: "treatment", as: String.self)) ?? .outsideScope,
                rates: ratesByCode[code] ?? [VATRate(effectiveFrom: VATRate.always, rateBasisPoints: latest)],
                isRetired: try flag(row, "is_retired"))
        }
        let funds = try await database.raw("SELECT * FROM funds ORDER BY code").all().map(CouncilRows.fund(from:))
        let methods = try await database.raw("SELECT * FROM methods_of_payment ORDER BY code").all().map(CouncilRows.methodOfPayment(from:))
        let offices = try await database.raw("SELECT * FROM offices ORDER BY code").all().map { row in
            Office(
                code: try row.decode(column: "code", as: String.self), name: try row.decode(column: "name", as: String.self),
                address: list(try row.decode(column: "address", as: String.self), separator: "\n"),
                tills: list(try row.decode(column: "tills", as: String.self)), isRetired: try flag(row, "is_retired"))
        }
        let groups = try await database.raw("SELECT * FROM fund_groups ORDER BY code").all().map { row in
            FundGroup(
                code: try row.decode(column: "code", as: String.self), name: try row.decode(column: "name", as: String.self),
                funds: try list(try row.decode(column: "funds", as: String.self)).map { try FundCode(parsing: $0) },
                directoryGroups: list(try row.decode(column: "directory_groups", as: String.self), separator: "\n"),
                isRetired: try flag(row, "is_retired"))
        }
        let messages = try await systemMessages(in: database, currentOnly: false)
        return CouncilConfiguration(
            profile: profile, vatCodes: vatCodes, funds: funds, methodsOfPayment: methods, offices: offices, fundGroups: groups,
            systemMessages: messages)
    }
}

extension CouncilRows {
    /// The council's system messages; with `currentOnly`, only those not retired.
    static func systemMessages(in database: any SQLDatabase, currentOnly: Bool) async throws -> [SystemMessage] {
        let query: SQLQueryString =
            currentOnly ? "SELECT * FROM system_messages WHERE is_retired = 0 ORDER BY code" : "SELECT * FROM system_messages ORDER BY code"
        return try await database.raw(query).all().map { row in
            SystemMessage(
                code: try row.decode(column: "code", as: String.self),
                placement: SystemMessage.Placement(rawValue: try row.decode(column: "placement", as: String.self)) ?? .staffScreens,
                text: try row.decode(column: "text", as: String.self), welshText: try row.decode(column: "welsh_text", as: String?.self),
                isRetired: try flag(row, "is_retired"))
        }
    }
}

extension IMSDatabase: SystemMessageStore {
    public func currentSystemMessages() async throws -> [SystemMessage] {
        try await backend.read { database in try await CouncilRows.systemMessages(in: database, currentOnly: true) }
    }
}
