import IMSCore
import Testing

/// One reference typed for one of the demo council's funds, and what should happen to it.
struct ReferenceCase: Sendable, CustomTestStringConvertible {
    let fund: FundCode
    let text: String
    /// The normalised reference when it is accepted.
    let accepted: String?
    /// The refusal's code when it is refused.
    let refusal: IMSError.Code?

    static func valid(_ fund: FundCode, _ text: String, as value: String? = nil) -> ReferenceCase {
        ReferenceCase(fund: fund, text: text, accepted: value ?? text, refusal: nil)
    }

    static func invalid(_ fund: FundCode, _ text: String, _ code: IMSError.Code) -> ReferenceCase {
        ReferenceCase(fund: fund, text: text, accepted: nil, refusal: code)
    }

    var testDescription: String { "\(fund) \"\(text)\" → \(accepted ?? refusal?.rawValue ?? "?")" }
}

@Suite("Reference validators")
struct ReferenceValidatorTests {
    static let demoCases: [ReferenceCase] = [
        // Council tax: 9 digits starting 77, Luhn over the first 8.
        .valid("CTAX", "771234564"),
        .valid("CTAX", "77 1234 564", as: "771234564"),
        .valid("CTAX", " 771234564 ", as: "771234564"),
        .valid("CTAX", "\t771234564\n", as: "771234564"),
        .invalid("CTAX", "771234565", .referenceCheckCharacter),
        .invalid("CTAX", "771234560", .referenceCheckCharacter),
        .invalid("CTAX", "77123456", .referenceLength),
        .invalid("CTAX", "7712345640", .referenceLength),
        .invalid("CTAX", "77123456A", .referenceCharacters),
        .invalid("CTAX", "77-234564", .referenceCharacters),
        .invalid("CTAX", "781234564", .referencePattern),
        .invalid("CTAX", "", .referenceMissing),
        .invalid("CTAX", "   ", .referenceMissing),
        // Business rates: 9 characters starting 56, modulus 11 check that may be X.
        .valid("NNDR", "561234566"),
        .valid("NNDR", "56 1234 566", as: "561234566"),
        .valid("NNDR", "56000009X"),
        .valid("NNDR", "56000009x", as: "56000009X"),
        .valid("NNDR", "560000030"),
        .invalid("NNDR", "561234567", .referenceCheckCharacter),
        .invalid("NNDR", "56123456X", .referenceCheckCharacter),
        .invalid("NNDR", "560000090", .referenceCheckCharacter),
        .invalid("NNDR", "56123456A", .referenceCharacters),
        .invalid("NNDR", "5612345X6", .referencePattern),
        .invalid("NNDR", "571234566", .referencePattern),
        .invalid("NNDR", "56123456", .referenceLength),
        // Parking: two letters then eight digits.
        .valid("PARK", "DM12345678"),
        .valid("PARK", "dm 1234 5678", as: "DM12345678"),
        .invalid("PARK", "D112345678", .referenceMask),
        .invalid("PARK", "DM1234567A", .referenceMask),
        .invalid("PARK", "DM-1234567", .referenceMask),
        .invalid("PARK", "DM1234567", .referenceLength),
        .invalid("PARK", "DM123456789", .referenceLength),
        // Bins: 1–20 letters, digits and hyphens.
        .valid("BINS", "GW-104233"),
        .valid("BINS", "gw-104233", as: "GW-104233"),
        .valid("BINS", "GW 104 233", as: "GW104233"),
        .valid("BINS", "X"),
        .invalid("BINS", "GW_104233", .referenceCharacters),
        .invalid("BINS", "GW/104233", .referenceCharacters),
        .invalid("BINS", String(repeating: "A", count: 21), .referenceLength),
        // Sundry debtors: 9 digits starting 9 or 3.
        .valid("SUND", "912345678"),
        .valid("SUND", "312345678"),
        .invalid("SUND", "812345678", .referencePattern),
        .invalid("SUND", "012345678", .referencePattern),
        .invalid("SUND", "91234567", .referenceLength),
        .invalid("SUND", "91234567A", .referenceCharacters),
        // Licensing: letters, digits, / and -.
        .valid("LICN", "LIC/2026/0042"),
        .valid("LICN", "lic-2026-0042", as: "LIC-2026-0042"),
        .invalid("LICN", "LIC.2026.0042", .referenceCharacters),
        .invalid("LICN", "LIC/2026/" + String(repeating: "0", count: 12), .referenceLength),
        // Planning: PA/####/####.
        .valid("PLAN", "PA/2026/0123"),
        .valid("PLAN", "pa/2026/0123", as: "PA/2026/0123"),
        .invalid("PLAN", "PB/2026/0123", .referenceMask),
        .invalid("PLAN", "PA-2026-0123", .referenceMask),
        .invalid("PLAN", "PA/2026/012A", .referenceMask),
        .invalid("PLAN", "PA/2026/123", .referenceLength),
        .invalid("PLAN", "PA/2026/01234", .referenceLength),
        // Building control: BC-######.
        .valid("BCON", "BC-004211"),
        .valid("BCON", "bc-004211", as: "BC-004211"),
        .invalid("BCON", "BD-004211", .referenceMask),
        .invalid("BCON", "BC-00421A", .referenceMask),
        .invalid("BCON", "BC004211", .referenceLength),
        // Suspense takes anything up to 50 characters.
        .valid("SUSP", "garbled ref 12/x", as: "GARBLEDREF12/X"),
        .invalid("SUSP", String(repeating: "9", count: 51), .referenceLength),
        .invalid("SUSP", "", .referenceMissing),
    ]

    @Test("the demo council's funds accept and refuse references as a payer would expect", arguments: demoCases)
    func demoFunds(_ example: ReferenceCase) throws {
        let fund = try Fixture.fund(example.fund)
        if let accepted = example.accepted {
            #expect(try fund.validateReference(example.text).value == accepted)
        } else if let refusal = example.refusal {
            expectIMSError(refusal) { try fund.validateReference(example.text) }
        }
    }

    @Test("every wrong council tax check digit is refused; only the right one passes")
    func everyCheckDigit() throws {
        let validator = try Fixture.fund("CTAX").referenceValidator
        var state: UInt64 = 7
        for _ in 0..<100 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let payload = "77" + Independent.digits(state % 1_000_000, width: 6)
            let right = Independent.luhnCheckDigit(payload)
            for digit in "0123456789" {
                if digit == right {
                    #expect(try validator.validate(payload + String(digit)).value == payload + String(digit))
                } else {
                    expectIMSError(.referenceCheckCharacter) { try validator.validate(payload + String(digit)) }
                }
            }
        }
    }

    @Test("business rates check characters X and 0, found by search and checked by hand arithmetic")
    func businessRatesXAndZero() throws {
        let validator = try Fixture.fund("NNDR").referenceValidator
        let payloads = (123_456..<1_000_000).lazy.map { "56" + Independent.digits($0, width: 6) }
        let withX = try #require(payloads.first { Independent.businessRatesCheck($0) == "X" })
        let withZero = try #require(payloads.first { Independent.businessRatesCheck($0) == "0" })

        // X means 11 − remainder = 10, so the weighted sum leaves 1; 0 means it leaves 0.
        func weightedSum(_ payload: String) -> Int {
            zip(payload, [9, 8, 7, 6, 5, 4, 3, 2]).map { Int(String($0.0))! * $0.1 }.reduce(0, +)
        }
        #expect(weightedSum(withX) % 11 == 1)
        #expect(weightedSum(withZero) % 11 == 0)

        #expect(try validator.validate(withX + "X").value == withX + "X")
        #expect(try validator.validate(withX.lowercased() + "x").value == withX + "X")
        #expect(try validator.validate(withZero + "0").value == withZero + "0")
        expectIMSError(.referenceCheckCharacter) { try validator.validate(withX + "0") }
        expectIMSError(.referenceCheckCharacter) { try validator.validate(withX + "1") }
        expectIMSError(.referenceCheckCharacter) { try validator.validate(withZero + "X") }
        // 56000009: 5×9 + 6×8 + 9×2 = 111 = 10×11 + 1 → X. 56000003: 45 + 48 + 6 = 99 = 9×11 → 0.
        #expect(try validator.validate("56000009X").value == "56000009X")
        #expect(try validator.validate("560000030").value == "560000030")
    }

    @Test("payer-facing messages say what to fix")
    func messages() throws {
        let ctax = try Fixture.fund("CTAX")
        #expect(expectIMSError(.referenceMissing) { try ctax.validateReference("  ") }?.reason == "Enter your reference")
        #expect(
            expectIMSError(.referenceLength) { try ctax.validateReference("7712") }?.reason
                == "Your reference must be 9 characters long, for example 771234564")
        #expect(
            expectIMSError(.referenceCharacters) { try ctax.validateReference("77123456Z") }?.reason
                == "Your reference must contain only numbers")
        #expect(
            expectIMSError(.referencePattern) { try ctax.validateReference("123456789") }?.reason
                == "Your reference is not in the right format, for example 771234564")
        let checkFailure = expectIMSError(.referenceCheckCharacter) { try ctax.validateReference("771234565") }
        #expect(checkFailure?.reason == "Your reference is not valid. Check you have typed it exactly as it appears on your bill")
        #expect(checkFailure?.reason.contains("771234564") == false, "must not give away the right check digit")

        let (bins, licn, nndr, plan, park) = try (
            Fixture.fund("BINS"), Fixture.fund("LICN"), Fixture.fund("NNDR"), Fixture.fund("PLAN"), Fixture.fund("PARK")
        )
        #expect(
            expectIMSError(.referenceLength) { try bins.validateReference(String(repeating: "A", count: 25)) }?.reason
                == "Your reference must be between 1 and 20 characters long, for example GW-104233")
        #expect(
            expectIMSError(.referenceCharacters) { try licn.validateReference("LIC.1") }?.reason
                == "Your reference must contain only letters, numbers and the characters / -")
        #expect(
            expectIMSError(.referenceCharacters) { try nndr.validateReference("56123456A") }?.reason
                == "Your reference must contain only numbers and the characters X")
        #expect(
            expectIMSError(.referenceMask) { try plan.validateReference("PB/2026/0123") }?.reason
                == "Your reference must be “PA/” then 4 numbers then “/” then 4 numbers, for example PA/2026/0123")
        #expect(
            expectIMSError(.referenceMask) { try park.validateReference("1234567890") }?.reason
                == "Your reference must be 2 letters then 8 numbers, for example DM12345678")

        let atLeast = ReferenceValidator(ReferenceFormat(minimumLength: 3))
        #expect(expectIMSError(.referenceLength) { try atLeast.validate("AB") }?.reason == "Your reference must be at least 3 characters long")
        #expect(try atLeast.validate(String(repeating: "A", count: 500)).value.count == 500)
    }

    @Test("a fund's refusal is said of the field it was given")
    func field() throws {
        let ctax = try Fixture.fund("CTAX")
        let error = expectIMSError(.referenceCheckCharacter) { try ctax.validateReference("771234565", field: "lines[1].reference") }
        #expect(error?.field == "lines[1].reference")
        #expect(expectIMSError(.referenceCheckCharacter) { try ctax.validateReference("771234565") }?.field == nil)
    }

    @Test("a check character at a mask's @ covers the mask's variable places, not its literals")
    func maskWithCheckCharacter() throws {
        let validator = ReferenceValidator(ReferenceFormat(mask: ReferenceMask("##/######@"), checkCharacter: .luhn))
        let right = Independent.luhnCheckDigit("12345678")
        #expect(try validator.validate("12/345678" + String(right)).value == "12/345678" + String(right))
        for digit in "0123456789" where digit != right {
            expectIMSError(.referenceCheckCharacter) { try validator.validate("12/345678" + String(digit)) }
        }
        expectIMSError(.referenceMask) { try validator.validate("12-345678" + String(right)) }
        expectIMSError(.referenceLength) { try validator.validate("12/34567") }
    }

    static let oldFormat = ReferenceFormat(
        name: "old (8 digits starting 1)", minimumLength: 8, maximumLength: 8,
        characters: .digitsOnly, pattern: "1[0-9]{7}", example: "12345678")
    static let newFormat = ReferenceFormat(
        name: "new (9 digits starting 77, Luhn)", minimumLength: 9, maximumLength: 9,
        characters: .digitsOnly, pattern: "77[0-9]{7}", checkCharacter: .luhn, example: "771234564")

    @Test("after a migration the old and the new format both pass", arguments: [false, true])
    func chainedFormatsPass(reversed: Bool) throws {
        let formats = reversed ? [Self.newFormat, Self.oldFormat] : [Self.oldFormat, Self.newFormat]
        let validator = ReferenceValidator(formats: formats)
        #expect(try validator.validate("12345678").value == "12345678")
        #expect(try validator.validate("771234564").value == "771234564")
        #expect(try validator.validate("1234 5678").value == "12345678")
    }

    @Test(
        "a refusal comes from the format the reference came nearest to",
        arguments: [
            ("771234565", IMSError.Code.referenceCheckCharacter, false),  // new: wrong check digit; old: wrong length
            ("771234565", .referenceCheckCharacter, true),
            ("22345678", .referencePattern, false),  // old: wrong start; new: wrong length
            ("22345678", .referencePattern, true),
            ("1234567A", .referenceCharacters, false),  // old: a letter; new: wrong length
            ("1234567A", .referenceCharacters, true),
            ("881234564", .referencePattern, false),  // new: wrong start; old: wrong length
            ("1234", .referenceLength, false),  // both: wrong length
            ("", .referenceMissing, false),
        ])
    func chainedFormatsNearestMiss(reference: String, code: IMSError.Code, reversed: Bool) {
        let formats = reversed ? [Self.newFormat, Self.oldFormat] : [Self.oldFormat, Self.newFormat]
        let validator = ReferenceValidator(formats: formats)
        expectIMSError(code) { try validator.validate(reference) }
    }

    @Test("the nearest miss's message is that format's own")
    func chainedMessage() {
        let validator = ReferenceValidator(formats: [Self.oldFormat, Self.newFormat])
        #expect(
            expectIMSError(.referencePattern) { try validator.validate("881234564") }?.reason
                == "Your reference is not in the right format, for example 771234564")
        #expect(
            expectIMSError(.referencePattern) { try validator.validate("22345678") }?.reason
                == "Your reference is not in the right format, for example 12345678")
    }

    @Test("the demo council's validators are all well configured")
    func demoConfiguration() throws {
        for fund in DemoCouncil.funds {
            try fund.referenceValidator.checkConfiguration()
        }
    }

    @Test(
        "checkConfiguration refuses validators that could never work",
        arguments: [
            ReferenceValidator(ReferenceFormat(pattern: "[0-9")),
            ReferenceValidator(ReferenceFormat(pattern: "(77")),
            ReferenceValidator(
                ReferenceFormat(checkCharacter: .weightedModulus(WeightedModulus(weights: [2, 1], modulus: 1, subtractFromModulus: false)))),
            ReferenceValidator(
                ReferenceFormat(checkCharacter: .weightedModulus(WeightedModulus(weights: [2, 1], modulus: 0, subtractFromModulus: true)))),
            ReferenceValidator(
                ReferenceFormat(checkCharacter: .weightedModulus(WeightedModulus(weights: [], modulus: 11, subtractFromModulus: true)))),
            ReferenceValidator(ReferenceFormat(minimumLength: 10, maximumLength: 9)),
            ReferenceValidator(formats: [ReferenceFormat(minimumLength: 1, maximumLength: 9), ReferenceFormat(pattern: "[")]),
        ])
    func badConfiguration(validator: ReferenceValidator) {
        expectIMSError(.validatorInvalid) { try validator.checkConfiguration() }
    }

    @Test("a good configuration passes checkConfiguration")
    func goodConfiguration() throws {
        try ReferenceValidator(formats: [Self.oldFormat, Self.newFormat]).checkConfiguration()
        try ReferenceValidator(
            ReferenceFormat(checkCharacter: .weightedModulus(WeightedModulus(weights: [2], modulus: 2, subtractFromModulus: false)))
        )
        .checkConfiguration()
    }

    @Test("a reference checked against a broken pattern is refused, not accepted")
    func brokenPatternRefuses() {
        expectIMSError(.referencePattern) { try ReferenceValidator(ReferenceFormat(pattern: "[0-9")).validate("123") }
    }

    @Test("a pattern must match the whole reference, not part of it")
    func patternAnchored() throws {
        let validator = ReferenceValidator(ReferenceFormat(pattern: "AB|CD"))
        #expect(try validator.validate("AB").value == "AB")
        #expect(try validator.validate("CD").value == "CD")
        expectIMSError(.referencePattern) { try validator.validate("ABX") }
        expectIMSError(.referencePattern) { try validator.validate("XCD") }
    }
}
