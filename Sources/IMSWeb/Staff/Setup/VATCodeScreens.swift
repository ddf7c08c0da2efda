import Foundation
import Hummingbird
import IMSCore
import IMSServices

/// VAT codes and the history of their rates. A code's rates are changed only by adding a rate from a day
/// (today or later): the rates of days gone by stay as they were, and entries keep the rate they were
/// posted at.
enum VATCodeScreens: SetupFamily {
    static let path = "vat-codes"
    static let title = "VAT codes"
    static let singular = "VAT code"
    static let permission = Permission.adminFunds
    static let columns = ["Treatment", "Rates"]

    static func items(in configuration: CouncilConfiguration) -> [VATCode] { configuration.vatCodes }
    static func code(of item: VATCode) -> String { item.code }
    static func name(of item: VATCode) -> String { item.name }
    static func isRetired(_ item: VATCode) -> Bool { item.isRetired }
    static func saved(_ item: VATCode) -> CouncilSetup.Item { .vatCode(item) }

    static func setting(_ item: VATCode, retired: Bool) -> VATCode {
        VATCode(code: item.code, name: item.name, treatment: item.treatment, rates: item.rates, isRetired: retired)
    }

    static func treatmentText(_ treatment: VATTreatment) -> String {
        switch treatment {
        case .standard: "Standard rate"
        case .reduced: "Reduced rate"
        case .zero: "Zero rate"
        case .exempt: "Exempt"
        case .outsideScope: "Outside the scope of VAT"
        }
    }

    static func cells(_ item: VATCode, in configuration: CouncilConfiguration) -> [String] {
        [treatmentText(item.treatment), ratesText(item)]
    }

    /// `17.5%, 15% from 2008-12-01, 20% from 2011-01-04`.
    static func ratesText(_ item: VATCode) -> String {
        item.rates.map { rate in
            VATCode.rateText(rate.rateBasisPoints) + (rate.effectiveFrom == VATRate.always ? "" : " from \(rate.effectiveFrom)")
        }.joined(separator: ", ")
    }

    static func summary(_ item: VATCode, in configuration: CouncilConfiguration) -> [(String, String)] {
        [("Name", item.name), ("Treatment", treatmentText(item.treatment))]
    }

    static func sections(_ item: VATCode?, typed form: FormData?, in configuration: CouncilConfiguration) -> [SetupSection] {
        let treatments = VATTreatment.allCases.map {
            SetupOption(value: $0.rawValue, label: treatmentText($0), selected: $0 == (item?.treatment ?? .standard))
        }
        var fields = [SetupField(name: "name", label: "Name", value: item?.name ?? "")]
        if item == nil {
            fields.append(
                SetupField(
                    name: "treatment", label: "Treatment", hint: "It cannot be changed later: a code's treatment holds for all its days",
                    kind: .select(treatments)))
            fields.append(
                SetupField(
                    name: "rate", label: "Rate",
                    hint: "A percentage, like 20 or 17.5; 0 for a code that charges no VAT. Later rates are added on the code's page",
                    isShort: true))
        }
        return [SetupSection(fields: fields).refilled(from: form)]
    }

    static func parse(_ reader: inout SetupFormReader, code: String, existing: VATCode?, in configuration: CouncilConfiguration) -> VATCode {
        let name = reader.required("name", "a name")
        // A treatment is never changed on an existing code: it would turn every past rate to 0% (or back), so
        // the edit form does not offer it; a code with another treatment is a new code.
        if let existing {
            return VATCode(code: code, name: name, treatment: existing.treatment, rates: existing.rates, isRetired: existing.isRetired)
        }
        let treatment = VATTreatment(rawValue: reader.form["treatment"] ?? "")
        if treatment == nil { reader.fail("treatment", "Choose the treatment") }
        let rate = reader.percentage("rate") ?? 0
        if reader.form.value("rate") == nil { reader.fail("rate", "Enter the rate") }
        return VATCode(
            code: code, name: name, treatment: treatment ?? .standard, rates: [VATRate(effectiveFrom: VATRate.always, rateBasisPoints: rate)])
    }

    static func detail(_ item: VATCode, request: Request, screens: SetupContext) async throws -> [String: Any] {
        rateValues(item, today: screens.today)
    }

    /// The rate history, the rate in force today marked, and the form to add a rate.
    static func rateValues(_ item: VATCode, today: String, typed form: FormData? = nil, errors: [IMSError] = []) -> [String: Any] {
        let current = item.rates.last { $0.effectiveFrom <= today } ?? item.rates[0]
        let (summary, byField) = setupErrorValues(errors, fallbackField: "effective_from")
        let rates = item.rates.map { rate -> [String: Any] in
            [
                "from": rate.effectiveFrom == VATRate.always ? "The start" : rate.effectiveFrom, "rate": VATCode.rateText(rate.rateBasisPoints),
                "current": rate == current, "future": rate.effectiveFrom > today,
            ]
        }
        let fields = [
            SetupField(name: "effective_from", label: "Takes effect from", hint: "A day as YYYY-MM-DD, today (\(today)) or later", isShort: true),
            SetupField(name: "rate", label: "Rate", hint: "A percentage, like 20 or 17.5", isShort: true),
        ].map { $0.refilled(from: form ?? FormData()).values(errors: byField) }
        return [
            "vat": ["rates": rates, "chargesVAT": item.treatment.chargesVAT, "fields": fields, "action": url(item.code) + "/rates"],
            "errors": summary,
        ]
    }

    static func registerMore(on routes: RouteTable, screens: SetupContext) {
        routes.add(.post, url() + "/{id}/rates", access: .staff(permission), "Add a rate to a VAT code from a day") { request, context in
            let item = try await SetupRoutes<Self>.existing(context, screens: screens)
            let today = screens.today
            do {
                let rate = try newRate(SetupFormReader(context.form), for: item, today: today)
                let changed = VATCode(
                    code: item.code, name: item.name, treatment: item.treatment, rates: item.rates + [rate], isRetired: item.isRetired)
                try await screens.save(.vatCode(changed), by: try context.requester, expecting: .unchanged(.vatCode(item)))
            } catch let refused as SetupFormErrors {
                let extra = rateValues(item, today: today, typed: context.form, errors: refused.errors)
                return try await SetupRoutes<Self>.itemPage(
                    item, request: request, screens: screens, context: context, extra: extra, status: .unprocessableContent)
            }
            return Response(status: .seeOther, headers: [.location: url(item.code) + "?done=rate"])
        }
    }

    /// The rate the form adds: from a real day, today or later, not a day the code already has a rate from.
    static func newRate(_ form: SetupFormReader, for item: VATCode, today: String) throws(SetupFormErrors) -> VATRate {
        var reader = form
        let day = reader.required("effective_from", "the day the rate takes effect", maximumLength: 10)
        let basisPoints = reader.percentage("rate")
        if reader.form.value("rate") == nil { reader.fail("rate", "Enter the rate") }
        if !item.treatment.chargesVAT {
            reader.fail("rate", "\(treatmentText(item.treatment)) charges no VAT, so the code has no rate to change")
        }
        let rate = VATRate(effectiveFrom: day, rateBasisPoints: basisPoints ?? 0)
        if !day.isEmpty {
            do {
                try rate.check(code: item.code)
                if day < today {
                    reader.fail("effective_from", "A new rate takes effect from today or later: the rates of days gone by stay as they were")
                } else if item.rates.contains(where: { $0.effectiveFrom == day }) {
                    reader.fail("effective_from", "The code already has a rate from \(day)")
                }
            } catch {
                reader.fail("effective_from", "Enter a real day as YYYY-MM-DD, like \(today)")
            }
        }
        try reader.finish()
        return rate
    }
}
