import IMSCore
import IMSInterchange
import Testing

@Suite("Council configuration file")
struct CouncilFileTests {
    @Test("The demo council written as a file reads back as the same configuration, and writes the same file again")
    func roundTrip() throws {
        let text = CouncilFile.write(DemoCouncil.configuration)
        let read = try CouncilFile.read(text)
        #expect(read.profile == DemoCouncil.configuration.profile)
        #expect(read.vatCodes.sorted { $0.code < $1.code } == DemoCouncil.configuration.vatCodes.sorted { $0.code < $1.code })
        #expect(read.funds.sorted { $0.code < $1.code } == DemoCouncil.configuration.funds.sorted { $0.code < $1.code })
        #expect(read.methodsOfPayment.sorted { $0.code < $1.code } == DemoCouncil.configuration.methodsOfPayment.sorted { $0.code < $1.code })
        #expect(read.offices.sorted { $0.code < $1.code } == DemoCouncil.configuration.offices.sorted { $0.code < $1.code })
        #expect(read.fundGroups.sorted { $0.code < $1.code } == DemoCouncil.configuration.fundGroups.sorted { $0.code < $1.code })
        #expect(read.systemMessages == DemoCouncil.configuration.systemMessages)
        #expect(CouncilFile.write(read) == text)
    }

    @Test("Every key of a fund, a format, a method and a VAT history survives the file, retired items too")
    func everyKey() throws {
        var configuration = DemoCouncil.configuration
        let scheme = WeightedModulus(
            weights: [7, 6, 5, 4, 3, 2], modulus: 11, subtractFromModulus: true, characterValues: ["A": 10, "B": 11],
            resultCharacters: [10: "X", 11: "0"],
            weightsFromLeft: true)
        configuration.funds.append(
            Fund(
                code: "HBEN", name: "Housing benefit overpayments", description: "Repay an overpayment\n\"in full\"", vatCode: "OUT",
                minimumAmount: .pounds(1), maximumAmount: .pounds(5_000), glCode: "8001", costCentre: "BEN01",
                referenceValidator: ReferenceValidator(
                    formats: [
                        ReferenceFormat(
                            name: "old", minimumLength: 7, maximumLength: 7,
                            characters: ReferenceCharacters(digits: true, letters: true, others: "/"),
                            checkCharacter: .weightedModulus(scheme)),
                        ReferenceFormat(
                            name: "new", pattern: "HB[0-9]{8}", mask: ReferenceMask("HB########"), checkCharacter: .dynix, example: "HB12345678"),
                    ], hint: "On your letter"),
                routes: [.phone, .counter], asksAddress: true, accountMustExist: true, onStopMessage: "Call us first", hidesReferencesInLogs: true,
                isRetired: true))
        configuration.methodsOfPayment.append(
            MethodOfPayment(
                code: "AMEX", name: "American Express", minimumAmount: .pounds(5), maximumAmount: .pounds(1_000), isRefundable: true,
                cardFee: CardFeeRule(charge: .fixed(.pounds(0, pence: 25)), bearer: .payer), clearingAccountCode: "AMEX", routes: [.online],
                isRetired: true))
        configuration.vatCodes.append(
            VATCode(
                code: "HOSP", name: "Hospitality", treatment: .reduced,
                rates: [
                    VATRate(effectiveFrom: VATRate.always, rateBasisPoints: 2_000), VATRate(effectiveFrom: "2020-07-15", rateBasisPoints: 500),
                    VATRate(effectiveFrom: "2021-10-01", rateBasisPoints: 1_250), VATRate(effectiveFrom: "2022-04-01", rateBasisPoints: 2_000),
                ], isRetired: true))
        let read = try CouncilFile.read(CouncilFile.write(configuration))
        #expect(read.fund("HBEN") == configuration.fund("HBEN"))
        #expect(read.methodOfPayment("AMEX") == configuration.methodOfPayment("AMEX"))
        #expect(read.vatCodes.first { $0.code == "HOSP" } == configuration.vatCodes.last)
    }

    @Test("A fund without formats takes any reference and keeps its hint")
    func hintWithoutFormats() throws {
        let text =
            "[council]\nname = \"X\"\n[[funds]]\ncode = \"HALL\"\nname = \"Hall hire\"\nvat_code = \"EXE\"\ngl_code = \"7001\"\nreference_hint = \"Your booking number\"\n"
        let fund = try #require(try CouncilFile.read(text).funds.first)
        #expect(fund.referenceValidator == ReferenceValidator(formats: ReferenceValidator.anyReference.formats, hint: "Your booking number"))
    }

    @Test(
        "A bad file is refused naming the line and the key",
        arguments: [
            ("[council]\nname = \"X\"\ncolour = \"#000000\"\n", "line 3, council.colour: unknown key"),
            ("[council]\nname = \"X\"\n[[funds]]\ncode = \"A\"\nname = \"A\"\nvat_code = 20\n", "line 6, funds[0].vat_code: expected text"),
            ("[council]\nname = \"X\"\n[[funds]]\ncode = \"A\"\nname = \"A\"\n", "line 3, funds[0]: vat_code is missing"),
            (
                "[council]\nname = \"X\"\n[[funds]]\ncode = \"A\"\nname = \"A\"\nvat_code = \"OUT\"\ngl_code = \"1\"\nroutes = [\"web\"]\n",
                "line 8, funds[0].routes: web is not one of"
            ),
            (
                "[council]\nname = \"X\"\n[[funds]]\ncode = \"A\"\nname = \"A\"\nvat_code = \"OUT\"\ngl_code = \"1\"\n[[funds.formats]]\ncheck = \"luhn\"\nweights = [1]\n",
                "line 10, funds[0].formats[0].weights: only a check = \"weighted_modulus\""
            ),
            (
                "[council]\nname = \"X\"\n[[methods]]\ncode = \"C\"\nname = \"C\"\nclearing_account = \"C\"\nminimum = -5\n",
                "line 7, methods[0].minimum: an amount in pence cannot be negative"
            ),
            (
                "[council]\nname = \"X\"\n[[vat_codes]]\ncode = \"S\"\nname = \"S\"\ntreatment = \"standard\"\nrates = [{ from = \"2021-13-01\", basis_points = 2000 }]\n",
                "line 7, vat_codes[0].rates[0].from"
            ),
            ("name = \"X\"\n", "the [council] table is missing"),
        ])
    func refused(text: String, message: String) {
        #expect {
            try CouncilFile.read(text)
        } throws: { error in
            guard let error = error as? TOMLError else { return false }
            return error.description.contains(message)
        }
    }
}
