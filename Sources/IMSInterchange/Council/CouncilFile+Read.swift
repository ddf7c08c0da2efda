import IMSCore

/// The council's whole configuration as a TOML file (`ims council export`, `ims council apply`): the council's
/// details, VAT codes with their rates, funds with their reference formats, methods of payment, offices, fund
/// groups and system messages. Money is whole pence, rates basis points, days `YYYY-MM-DD`. The README's
/// "Setting up a council" lists every key; docs/council-example.toml is the demo council's own export.
public enum CouncilFile {
    /// Reads a file. Every error names the line and key (`line 41, funds[2].vat_code: expected text in quotes`);
    /// whether the items agree with each other (a fund's VAT code exists…) is `CouncilConfiguration.check()`'s.
    public static func read(_ text: String) throws(TOMLError) -> CouncilConfiguration {
        let document = TOMLTableReader(try TOMLTable.parse(text), path: "")
        guard let council = try document.table("council") else {
            throw TOMLError(line: nil, key: "council", reason: "the [council] table is missing")
        }
        let configuration = CouncilConfiguration(
            profile: try profile(council), vatCodes: try document.tables("vat_codes").map(vatCode), funds: try document.tables("funds").map(fund),
            methodsOfPayment: try document.tables("methods").map(method), offices: try document.tables("offices").map(office),
            fundGroups: try document.tables("fund_groups").map(fundGroup), systemMessages: try document.tables("system_messages").map(systemMessage))
        try document.finish()
        return configuration
    }

    private static func profile(_ table: TOMLTableReader) throws(TOMLError) -> CouncilProfile {
        let profile = CouncilProfile(
            name: try table.string("name"), address: try table.strings("address") ?? [],
            vatRegistrationNumber: try table.optionalString("vat_registration_number") ?? "",
            logoURL: try table.optionalString("logo_url"), brandColour: try table.optionalString("brand_colour") ?? "#1d70b8")
        try table.finish()
        return profile
    }

    static let treatments = Dictionary(uniqueKeysWithValues: VATTreatment.allCases.map { ($0.rawValue, $0) })
    static let routes = Dictionary(uniqueKeysWithValues: PaymentRoute.allCases.map { ($0.rawValue, $0) })

    private static func vatCode(_ table: TOMLTableReader) throws(TOMLError) -> VATCode {
        let code = try table.string("code")
        guard let treatment = try table.choice("treatment", treatments) else { throw table.error(nil, "treatment is missing") }
        var rates: [VATRate] = []
        for rate in try table.tables("rates") {
            let from = try rate.optionalString("from") ?? VATRate.always
            guard let basisPoints = try rate.optionalInteger("basis_points") else { throw rate.error(nil, "basis_points is missing (20% is 2000)") }
            let item = VATRate(effectiveFrom: from, rateBasisPoints: basisPoints)
            try rate.checking("from") { () throws(IMSError) in try item.check(code: code) }
            try rate.finish()
            rates.append(item)
        }
        if rates.isEmpty && treatment.chargesVAT { throw table.error("rates", "a \(treatment.rawValue) code needs at least one rate") }
        let result = VATCode(code: code, name: try table.string("name"), treatment: treatment, rates: rates, isRetired: try table.bool("retired"))
        try table.finish()
        return result
    }

    private static func routeSet(_ table: TOMLTableReader) throws(TOMLError) -> Set<PaymentRoute> {
        guard let words = try table.strings("routes") else { return Set(PaymentRoute.allCases) }
        var result: Set<PaymentRoute> = []
        for word in words {
            guard let route = routes[word] else {
                throw table.error("routes", "\(word) is not one of \(routes.keys.sorted().joined(separator: ", "))")
            }
            result.insert(route)
        }
        return result
    }

    private static func fund(_ table: TOMLTableReader) throws(TOMLError) -> Fund {
        let codeText = try table.string("code")
        let code = try table.checking("code") { () throws(IMSError) in try FundCode(parsing: codeText) }
        let formats = try table.tables("formats").map(format)
        let hint = try table.optionalString("reference_hint")
        let fund = Fund(
            code: code, name: try table.string("name"), description: try table.optionalString("description"), vatCode: try table.string("vat_code"),
            minimumAmount: try table.optionalMoney("minimum"), maximumAmount: try table.optionalMoney("maximum"), glCode: try table.string("gl_code"),
            costCentre: try table.optionalString("cost_centre") ?? "",
            referenceValidator: ReferenceValidator(formats: formats.isEmpty ? ReferenceValidator.anyReference.formats : formats, hint: hint),
            routes: try routeSet(table), asksAddress: try table.bool("asks_address"), accountMustExist: try table.bool("account_must_exist"),
            onStopMessage: try table.optionalString("on_stop"), hidesReferencesInLogs: try table.bool("hide_references_in_logs"),
            isRetired: try table.bool("retired"), isSuspense: try table.bool("suspense"))
        try table.finish()
        return fund
    }

    static let characterClasses: [String: ReferenceCharacters] = [
        "digits": .digitsOnly, "letters": ReferenceCharacters(digits: false, letters: true), "letters_and_digits": .lettersAndDigits,
        "others": ReferenceCharacters(digits: false, letters: false),
    ]

    private static func format(_ table: TOMLTableReader) throws(TOMLError) -> ReferenceFormat {
        var characters = try table.choice("characters", characterClasses)
        if let others = try table.optionalString("other_characters") {
            guard characters != nil else {
                throw table.error("other_characters", "set characters too (digits, letters, letters_and_digits or others)")
            }
            characters?.others = others
        }
        let pattern = try table.optionalString("pattern")
        let format = ReferenceFormat(
            name: try table.optionalString("name"), minimumLength: try table.optionalInt("min_length"),
            maximumLength: try table.optionalInt("max_length"),
            characters: characters, pattern: pattern, mask: try table.optionalString("mask").map(ReferenceMask.init),
            checkCharacter: try checkScheme(table), example: try table.optionalString("example"))
        try table.finish()
        return format
    }

    private static func checkScheme(_ table: TOMLTableReader) throws(TOMLError) -> CheckCharacterScheme? {
        let scheme = try table.optionalString("check")
        let weights = try table.integers("weights")
        let modulus = try table.optionalInt("modulus")
        let subtract = try table.bool("subtract")
        let fromLeft = try table.choice("weights_from", ["right": false, "left": true]) ?? false
        let values = try table.table("character_values")
        let results = try table.table("result_characters")
        let weightedOnly = [
            "weights": weights != nil, "modulus": modulus != nil, "character_values": values != nil, "result_characters": results != nil,
        ]
        if scheme != "weighted_modulus", let key = weightedOnly.keys.sorted().first(where: { weightedOnly[$0] == true }) {
            throw table.error(key, "only a check = \"weighted_modulus\" format takes \(key)")
        }
        switch scheme {
        case nil: return nil
        case "luhn": return .luhn
        case "dynix": return .dynix
        case "weighted_modulus":
            guard let weights, !weights.isEmpty else { throw table.error("weights", "a weighted modulus needs its weights, like [2, 3, 4, 5, 6, 7]") }
            guard let modulus, modulus > 1 else { throw table.error("modulus", "a weighted modulus needs a modulus of 2 or more, like 11") }
            var characterValues: [String: Int] = [:]
            for entry in values?.table.entries ?? [] {
                guard case .integer(let number) = entry.value, let value = Int(exactly: number) else {
                    throw values!.error(entry.key, "a character's value is a whole number")
                }
                characterValues[entry.key] = value
            }
            var resultCharacters: [Int: String] = [:]
            for entry in results?.table.entries ?? [] {
                guard let result = Int(entry.key), case .string(let character) = entry.value, character.count == 1 else {
                    throw results!.error(entry.key, "write a result and its character, like \"10\" = \"X\"")
                }
                resultCharacters[result] = character
            }
            return .weightedModulus(
                WeightedModulus(
                    weights: weights, modulus: modulus, subtractFromModulus: subtract, characterValues: characterValues,
                    resultCharacters: resultCharacters,
                    weightsFromLeft: fromLeft))
        case let other?:
            throw table.error("check", "\(other) is not one of luhn, dynix, weighted_modulus")
        }
    }

    private static func method(_ table: TOMLTableReader) throws(TOMLError) -> MethodOfPayment {
        var fee = CardFeeRule.none
        if let rule = try table.table("card_fee") {
            let pence = try rule.optionalMoney("pence")
            let basisPoints = try rule.optionalInteger("basis_points")
            let bearer = try rule.choice("charged_to", ["council": CardFeeRule.Bearer.council, "payer": .payer]) ?? .council
            switch (pence, basisPoints) {
            case (let pence?, nil): fee = CardFeeRule(charge: .fixed(pence), bearer: bearer)
            case (nil, let basisPoints?) where (0...10_000).contains(basisPoints):
                fee = CardFeeRule(charge: .percentage(basisPoints: basisPoints), bearer: bearer)
            case (nil, _?): throw rule.error("basis_points", "a percentage fee is between 0 and 10000 basis points (1.5% is 150)")
            default: throw rule.error(nil, "a card fee is either pence (a fixed fee) or basis_points (a percentage), not both or neither")
            }
            try rule.finish()
        }
        let method = MethodOfPayment(
            code: try table.string("code"), name: try table.string("name"), minimumAmount: try table.optionalMoney("minimum"),
            maximumAmount: try table.optionalMoney("maximum"), isRefundable: try table.bool("refundable"), cardFee: fee,
            clearingAccountCode: try table.string("clearing_account"), routes: try routeSet(table), isRetired: try table.bool("retired"))
        try table.finish()
        return method
    }

    private static func office(_ table: TOMLTableReader) throws(TOMLError) -> Office {
        let office = Office(
            code: try table.string("code"), name: try table.string("name"), address: try table.strings("address") ?? [],
            tills: try table.strings("tills") ?? [],
            isRetired: try table.bool("retired"))
        try table.finish()
        return office
    }

    private static func fundGroup(_ table: TOMLTableReader) throws(TOMLError) -> FundGroup {
        var funds: [FundCode] = []
        for text in try table.strings("funds") ?? [] {
            funds.append(try table.checking("funds") { () throws(IMSError) in try FundCode(parsing: text) })
        }
        let group = FundGroup(
            code: try table.string("code"), name: try table.string("name"), funds: funds,
            directoryGroups: try table.strings("directory_groups") ?? [],
            isRetired: try table.bool("retired"))
        try table.finish()
        return group
    }

    static let placements = Dictionary(uniqueKeysWithValues: SystemMessage.Placement.allCases.map { ($0.rawValue, $0) })

    private static func systemMessage(_ table: TOMLTableReader) throws(TOMLError) -> SystemMessage {
        guard let placement = try table.choice("placement", placements) else {
            throw table.error(nil, "placement is missing (public, staff or receipt)")
        }
        let message = SystemMessage(
            code: try table.string("code"), placement: placement, text: try table.string("text"), welshText: try table.optionalString("welsh_text"),
            isRetired: try table.bool("retired"))
        try table.finish()
        return message
    }
}
