import IMSCore

extension CouncilFile {
    /// The configuration as a file `read` reads back to the same configuration: items in code order, keys in
    /// a fixed order, defaults (false, none, all routes) left out except where saying them helps a reader.
    public static func write(_ configuration: CouncilConfiguration) -> String {
        var out = TOMLWriter()
        out.comment(
            """
            IMS council configuration, as `ims council export` writes it.
            Apply with `ims council apply FILE` (`--dry-run` first shows what would change). Items left out of the
            file are retired when it is applied, never deleted. Money is whole pence (£12.50 is 1250), a VAT
            rate basis points (20% is 2000), a day YYYY-MM-DD. The README's "Setting up a council" lists every key.
            """)
        out.blankLine()
        let profile = configuration.profile
        out.header("council")
        out.keys([
            "name": .string(profile.name), "address": .array(profile.address.map(TOMLValue.string)),
            "vat_registration_number": .string(profile.vatRegistrationNumber), "logo_url": profile.logoURL.map(TOMLValue.string),
            "brand_colour": .string(profile.brandColour),
        ])
        for code in configuration.vatCodes.sorted(by: { $0.code < $1.code }) { write(code, to: &out) }
        for fund in configuration.funds.sorted(by: { $0.code < $1.code }) { write(fund, to: &out) }
        for method in configuration.methodsOfPayment.sorted(by: { $0.code < $1.code }) { write(method, to: &out) }
        for office in configuration.offices.sorted(by: { $0.code < $1.code }) {
            section("offices", to: &out)
            out.keys([
                "code": .string(office.code), "name": .string(office.name), "address": .array(office.address.map(TOMLValue.string)),
                "tills": .array(office.tills.map(TOMLValue.string)), "retired": retired(office.isRetired),
            ])
        }
        for group in configuration.fundGroups.sorted(by: { $0.code < $1.code }) {
            section("fund_groups", to: &out)
            out.keys([
                "code": .string(group.code), "name": .string(group.name), "funds": .array(group.funds.map { .string($0.rawValue) }),
                "directory_groups": .array(group.directoryGroups.map(TOMLValue.string)), "retired": retired(group.isRetired),
            ])
        }
        for message in configuration.systemMessages.sorted(by: { $0.code < $1.code }) {
            section("system_messages", to: &out)
            out.keys([
                "code": .string(message.code), "placement": .string(message.placement.rawValue), "text": .string(message.text),
                "welsh_text": message.welshText.map(TOMLValue.string), "retired": retired(message.isRetired),
            ])
        }
        return out.text
    }

    private static func section(_ name: String, to out: inout TOMLWriter) {
        out.blankLine()
        out.header(name, array: true)
    }

    private static func retired(_ flag: Bool) -> TOMLValue? { flag ? .boolean(true) : nil }
    private static func flag(_ flag: Bool) -> TOMLValue? { flag ? .boolean(true) : nil }
    private static func pence(_ money: Money?) -> TOMLValue? { money.map { .integer($0.pence) } }
    private static func text(_ text: String?) -> TOMLValue? { text.map(TOMLValue.string) }

    private static func routes(_ routes: Set<PaymentRoute>) -> TOMLValue {
        .array(routes.sorted().map { .string($0.rawValue) })
    }

    private static func write(_ code: VATCode, to out: inout TOMLWriter) {
        section("vat_codes", to: &out)
        let rates: TOMLValue? =
            code.treatment.chargesVAT
            ? .array(
                code.rates.map { rate in
                    .table(
                        .of([
                            "from": rate.effectiveFrom == VATRate.always ? nil : .string(rate.effectiveFrom),
                            "basis_points": .integer(rate.rateBasisPoints),
                        ]))
                }) : nil
        out.keys([
            "code": .string(code.code), "name": .string(code.name), "treatment": .string(code.treatment.rawValue), "rates": rates,
            "retired": retired(code.isRetired),
        ])
    }

    private static func write(_ fund: Fund, to out: inout TOMLWriter) {
        section("funds", to: &out)
        let validator = fund.referenceValidator
        out.keys([
            "code": .string(fund.code.rawValue), "name": .string(fund.name), "description": text(fund.description), "vat_code": .string(fund.vatCode),
            "gl_code": .string(fund.glCode), "cost_centre": .string(fund.costCentre), "minimum": pence(fund.minimumAmount),
            "maximum": pence(fund.maximumAmount),
            "routes": routes(fund.routes), "asks_address": flag(fund.asksAddress), "account_must_exist": flag(fund.accountMustExist),
            "on_stop": text(fund.onStopMessage), "hide_references_in_logs": flag(fund.hidesReferencesInLogs), "suspense": flag(fund.isSuspense),
            "retired": retired(fund.isRetired), "reference_hint": text(validator.hint),
        ])
        for format in validator.formats {
            out.blankLine()
            out.header("funds.formats", array: true)
            write(format, to: &out)
        }
    }

    private static func write(_ format: ReferenceFormat, to out: inout TOMLWriter) {
        let characters: TOMLValue? = format.characters.map { characters in
            switch (characters.digits, characters.letters) {
            case (true, false): .string("digits")
            case (false, true): .string("letters")
            case (true, true): .string("letters_and_digits")
            case (false, false): .string("others")
            }
        }
        out.keys([
            "name": text(format.name), "min_length": format.minimumLength.map { .integer(Int64($0)) },
            "max_length": format.maximumLength.map { .integer(Int64($0)) }, "characters": characters,
            "other_characters": format.characters.flatMap { $0.others.isEmpty ? nil : .string($0.others) }, "pattern": text(format.pattern),
            "mask": text(format.mask?.pattern), "example": text(format.example),
        ])
        switch format.checkCharacter {
        case nil: break
        case .luhn: out.keys(["check": .string("luhn")])
        case .dynix: out.keys(["check": .string("dynix")])
        case .weightedModulus(let scheme):
            var values = TOMLTable()
            for (character, value) in scheme.characterValues.sorted(by: { $0.key < $1.key }) {
                values.set(character, .integer(Int64(value)), line: 0)
            }
            var results = TOMLTable()
            for (result, character) in scheme.resultCharacters.sorted(by: { $0.key < $1.key }) {
                results.set(String(result), .string(character), line: 0)
            }
            out.keys([
                "check": .string("weighted_modulus"), "weights": .array(scheme.weights.map { .integer(Int64($0)) }),
                "weights_from": scheme.weightsFromLeft ? .string("left") : nil, "modulus": .integer(Int64(scheme.modulus)),
                "subtract": flag(scheme.subtractFromModulus), "character_values": values.entries.isEmpty ? nil : .table(values),
                "result_characters": results.entries.isEmpty ? nil : .table(results),
            ])
        }
    }

    private static func write(_ method: MethodOfPayment, to out: inout TOMLWriter) {
        section("methods", to: &out)
        let fee: TOMLValue? =
            switch method.cardFee.charge {
            case .none: nil
            case .fixed(let money): .table(.of(["pence": .integer(money.pence), "charged_to": .string(method.cardFee.bearer.rawValue)]))
            case .percentage(let basisPoints):
                .table(.of(["basis_points": .integer(basisPoints), "charged_to": .string(method.cardFee.bearer.rawValue)]))
            }
        out.keys([
            "code": .string(method.code), "name": .string(method.name), "clearing_account": .string(method.clearingAccountCode),
            "minimum": pence(method.minimumAmount), "maximum": pence(method.maximumAmount), "refundable": flag(method.isRefundable), "card_fee": fee,
            "routes": routes(method.routes), "retired": retired(method.isRetired),
        ])
    }
}
