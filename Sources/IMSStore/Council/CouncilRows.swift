import Foundation
import IMSCore
import SQLKit

/// The council's reference data as rows.
enum CouncilRows {
    static func methodOfPayment(_ code: String, in database: any SQLDatabase) async throws -> MethodOfPayment? {
        try await database.raw("SELECT * FROM methods_of_payment WHERE code = \(bind: code)").first().map(methodOfPayment(from:))
    }

    static func methodOfPayment(from row: any SQLRow) throws -> MethodOfPayment {
        MethodOfPayment(
            code: try row.decode(column: "code", as: String.self), name: try row.decode(column: "name", as: String.self),
            minimumAmount: try row.decode(column: "minimum_pence", as: Int64?.self).map(Money.init(pence:)),
            maximumAmount: try row.decode(column: "maximum_pence", as: Int64?.self).map(Money.init(pence:)),
            isRefundable: try row.decode(column: "is_refundable", as: Int64.self) != 0,
            incursCardFee: try row.decode(column: "incurs_card_fee", as: Int64.self) != 0,
            clearingAccountCode: try row.decode(column: "clearing_account_code", as: String.self))
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
            vatCode: try row.decode(column: "vat_code", as: String.self),
            maximumAmount: try row.decode(column: "maximum_pence", as: Int64?.self).map(Money.init(pence:)),
            glCode: try row.decode(column: "gl_code", as: String.self), costCentre: try row.decode(column: "cost_centre", as: String.self),
            referenceValidator: validator,
            isBasketFund: try row.decode(column: "is_basket_fund", as: Int64.self) != 0,
            accountMustExist: try row.decode(column: "account_must_exist", as: Int64.self) != 0,
            isDisabled: try row.decode(column: "is_disabled", as: Int64.self) != 0,
            isSuspense: try row.decode(column: "is_suspense", as: Int64.self) != 0)
    }

    static func encode(_ validator: ReferenceValidator) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(validator), as: UTF8.self)
    }
}

extension IMSDatabase: CouncilStore {
    static let profileSetting = "council.profile"

    public func configuration() async throws -> CouncilConfiguration {
        try await backend.read { database in try await CouncilRows.configuration(in: database) }
    }

    public func save(_ configuration: CouncilConfiguration) async throws {
        for fund in configuration.funds { try fund.referenceValidator.checkConfiguration() }
        let profileJSON = String(decoding: try JSONEncoder().encode(configuration.profile), as: UTF8.self)
        let validators = try configuration.funds.map { try CouncilRows.encode($0.referenceValidator) }
        try await backend.write { database in
            try await Self.upsertSetting(Self.profileSetting, profileJSON, in: database)
            for vat in configuration.vatCodes {
                try await database.raw(
                    """
                    INSERT INTO vat_codes (code, name, treatment, rate_basis_points)
                    VALUES (\(bind: vat.code), \(bind: vat.name), \(bind: vat.treatment.rawValue), \(bind: vat.rateBasisPoints))
                    ON CONFLICT (code) DO UPDATE SET name = excluded.name, treatment = excluded.treatment, rate_basis_points = excluded.rate_basis_points
                    """
                ).run()
            }
            for (fund, validator) in zip(configuration.funds, validators) {
                try await database.raw(
                    """
                    INSERT INTO funds (code, name, vat_code, maximum_pence, gl_code, cost_centre, reference_validator,
                        is_basket_fund, account_must_exist, is_disabled, is_suspense)
                    VALUES (\(bind: fund.code.rawValue), \(bind: fund.name), \(bind: fund.vatCode), \(bind: fund.maximumAmount?.pence),
                        \(bind: fund.glCode), \(bind: fund.costCentre), \(bind: validator), \(bind: Int64(fund.isBasketFund ? 1 : 0)),
                        \(bind: Int64(fund.accountMustExist ? 1 : 0)), \(bind: Int64(fund.isDisabled ? 1 : 0)), \(bind: Int64(fund.isSuspense ? 1 : 0)))
                    ON CONFLICT (code) DO UPDATE SET name = excluded.name, vat_code = excluded.vat_code, maximum_pence = excluded.maximum_pence,
                        gl_code = excluded.gl_code, cost_centre = excluded.cost_centre, reference_validator = excluded.reference_validator,
                        is_basket_fund = excluded.is_basket_fund, account_must_exist = excluded.account_must_exist,
                        is_disabled = excluded.is_disabled, is_suspense = excluded.is_suspense
                    """
                ).run()
            }
            for method in configuration.methodsOfPayment {
                try await database.raw(
                    """
                    INSERT INTO methods_of_payment (code, name, minimum_pence, maximum_pence, is_refundable, incurs_card_fee, clearing_account_code)
                    VALUES (\(bind: method.code), \(bind: method.name), \(bind: method.minimumAmount?.pence), \(bind: method.maximumAmount?.pence),
                        \(bind: Int64(method.isRefundable ? 1 : 0)), \(bind: Int64(method.incursCardFee ? 1 : 0)), \(bind: method.clearingAccountCode))
                    ON CONFLICT (code) DO UPDATE SET name = excluded.name, minimum_pence = excluded.minimum_pence, maximum_pence = excluded.maximum_pence,
                        is_refundable = excluded.is_refundable, incurs_card_fee = excluded.incurs_card_fee, clearing_account_code = excluded.clearing_account_code
                    """
                ).run()
            }
            for office in configuration.offices {
                try await database.raw(
                    """
                    INSERT INTO offices (code, name) VALUES (\(bind: office.code), \(bind: office.name))
                    ON CONFLICT (code) DO UPDATE SET name = excluded.name
                    """
                ).run()
            }
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
    /// Replaces the council's name, address, VAT registration and branding (shown on pages and receipts).
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
        let vatCodes = try await database.raw("SELECT * FROM vat_codes ORDER BY code").all().map { row in
            VATCode(
                code: try row.decode(column: "code", as: String.self), name: try row.decode(column: "name", as: String.self),
                treatment: VATTreatment(rawValue: try row.decode(column: "treatment", as: String.self)) ?? .outsideScope,
                rateBasisPoints: try row.decode(column: "rate_basis_points", as: Int64.self))
        }
        let funds = try await database.raw("SELECT * FROM funds ORDER BY code").all().map(CouncilRows.fund(from:))
        let methods = try await database.raw("SELECT * FROM methods_of_payment ORDER BY code").all().map(CouncilRows.methodOfPayment(from:))
        let offices = try await database.raw("SELECT * FROM offices ORDER BY code").all().map { row in
            Office(code: try row.decode(column: "code", as: String.self), name: try row.decode(column: "name", as: String.self))
        }
        return CouncilConfiguration(profile: profile, vatCodes: vatCodes, funds: funds, methodsOfPayment: methods, offices: offices)
    }
}

/// The council's settings inside one transaction of the store.
struct SQLAdministrationTransaction: AdministrationTransaction {
    let database: any SQLDatabase
    let now: Timestamp

    func saveProfile(_ profile: CouncilProfile) async throws {
        let profileJSON = String(decoding: try JSONEncoder().encode(profile), as: UTF8.self)
        try await IMSDatabase.upsertSetting(IMSDatabase.profileSetting, profileJSON, in: database)
    }

    func setWebhook(service: String, url: String) async throws -> String {
        try APIKey.checkServiceName(service)
        let secret = "whsec_" + String(APIKeySecret.generate().value.dropFirst(4))
        try await database.raw(
            """
            INSERT INTO services (name, webhook_url, webhook_secret, updated_at)
            VALUES (\(bind: service), \(bind: url), \(bind: secret), \(bind: now.microsecondsSince1970))
            ON CONFLICT (name) DO UPDATE SET webhook_url = excluded.webhook_url, webhook_secret = excluded.webhook_secret,
                updated_at = excluded.updated_at
            """
        ).run()
        return secret
    }
}
