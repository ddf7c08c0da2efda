import Foundation
import IMSCore
import SQLKit

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

    func saveVATCode(_ code: VATCode) async throws {
        try await database.raw(
            """
            INSERT INTO vat_codes (code, name, treatment, rate_basis_points, is_retired)
            VALUES (\(bind: code.code), \(bind: code.name), \(bind: code.treatment.rawValue), \(bind: code.rateBasisPoints),
                \(bind: CouncilRows.flag(code.isRetired)))
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, treatment = excluded.treatment,
                rate_basis_points = excluded.rate_basis_points, is_retired = excluded.is_retired
            """
        ).run()
        try await database.raw("DELETE FROM vat_rates WHERE vat_code = \(bind: code.code)").run()
        for rate in code.rates {
            try await database.raw(
                """
                INSERT INTO vat_rates (vat_code, effective_from, rate_basis_points)
                VALUES (\(bind: code.code), \(bind: rate.effectiveFrom), \(bind: rate.rateBasisPoints))
                """
            ).run()
        }
    }

    func saveFund(_ fund: Fund) async throws {
        try fund.referenceValidator.checkConfiguration()
        let validator = try CouncilRows.encode(fund.referenceValidator)
        try await database.raw(
            """
            INSERT INTO funds (code, name, description, vat_code, minimum_pence, maximum_pence, gl_code, cost_centre, reference_validator,
                routes, is_basket_fund, asks_address, account_must_exist, on_stop_message, hides_references_in_logs, is_disabled, is_suspense)
            VALUES (\(bind: fund.code.rawValue), \(bind: fund.name), \(bind: fund.description), \(bind: fund.vatCode),
                \(bind: fund.minimumAmount?.pence), \(bind: fund.maximumAmount?.pence), \(bind: fund.glCode), \(bind: fund.costCentre),
                \(bind: validator), \(bind: CouncilRows.text(fund.routes)), \(bind: CouncilRows.flag(fund.isBasketFund)),
                \(bind: CouncilRows.flag(fund.asksAddress)), \(bind: CouncilRows.flag(fund.accountMustExist)), \(bind: fund.onStopMessage),
                \(bind: CouncilRows.flag(fund.hidesReferencesInLogs)), \(bind: CouncilRows.flag(fund.isRetired)),
                \(bind: CouncilRows.flag(fund.isSuspense)))
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, description = excluded.description, vat_code = excluded.vat_code,
                minimum_pence = excluded.minimum_pence, maximum_pence = excluded.maximum_pence, gl_code = excluded.gl_code,
                cost_centre = excluded.cost_centre, reference_validator = excluded.reference_validator, routes = excluded.routes,
                is_basket_fund = excluded.is_basket_fund, asks_address = excluded.asks_address, account_must_exist = excluded.account_must_exist,
                on_stop_message = excluded.on_stop_message, hides_references_in_logs = excluded.hides_references_in_logs,
                is_disabled = excluded.is_disabled, is_suspense = excluded.is_suspense
            """
        ).run()
    }

    func saveMethodOfPayment(_ method: MethodOfPayment) async throws {
        try await database.raw(
            """
            INSERT INTO methods_of_payment (code, name, minimum_pence, maximum_pence, is_refundable, incurs_card_fee, card_fee, card_fee_bearer,
                clearing_account_code, routes, is_retired)
            VALUES (\(bind: method.code), \(bind: method.name), \(bind: method.minimumAmount?.pence), \(bind: method.maximumAmount?.pence),
                \(bind: CouncilRows.flag(method.isRefundable)), \(bind: CouncilRows.flag(method.incursCardFee)),
                \(bind: CouncilRows.text(method.cardFee)), \(bind: method.cardFee.bearer.rawValue), \(bind: method.clearingAccountCode),
                \(bind: CouncilRows.text(method.routes)), \(bind: CouncilRows.flag(method.isRetired)))
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, minimum_pence = excluded.minimum_pence, maximum_pence = excluded.maximum_pence,
                is_refundable = excluded.is_refundable, incurs_card_fee = excluded.incurs_card_fee, card_fee = excluded.card_fee,
                card_fee_bearer = excluded.card_fee_bearer, clearing_account_code = excluded.clearing_account_code, routes = excluded.routes,
                is_retired = excluded.is_retired
            """
        ).run()
    }

    func saveOffice(_ office: Office) async throws {
        try await database.raw(
            """
            INSERT INTO offices (code, name, address, tills, is_retired)
            VALUES (\(bind: office.code), \(bind: office.name), \(bind: office.address.joined(separator: "\n")),
                \(bind: office.tills.joined(separator: ",")), \(bind: CouncilRows.flag(office.isRetired)))
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, address = excluded.address, tills = excluded.tills,
                is_retired = excluded.is_retired
            """
        ).run()
    }

    func saveFundGroup(_ group: FundGroup) async throws {
        try await database.raw(
            """
            INSERT INTO fund_groups (code, name, funds, directory_groups, is_retired)
            VALUES (\(bind: group.code), \(bind: group.name), \(bind: group.funds.map(\.rawValue).joined(separator: ",")),
                \(bind: group.directoryGroups.joined(separator: "\n")), \(bind: CouncilRows.flag(group.isRetired)))
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, funds = excluded.funds, directory_groups = excluded.directory_groups,
                is_retired = excluded.is_retired
            """
        ).run()
    }

    func saveSystemMessage(_ message: SystemMessage) async throws {
        try await database.raw(
            """
            INSERT INTO system_messages (code, placement, text, welsh_text, is_retired)
            VALUES (\(bind: message.code), \(bind: message.placement.rawValue), \(bind: message.text), \(bind: message.welshText),
                \(bind: CouncilRows.flag(message.isRetired)))
            ON CONFLICT (code) DO UPDATE SET placement = excluded.placement, text = excluded.text, welsh_text = excluded.welsh_text,
                is_retired = excluded.is_retired
            """
        ).run()
    }
}
