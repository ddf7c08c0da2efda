import IMSCore
import Testing

@Suite("VAT codes")
struct VATCodeTests {
    static let standard = VATCode(code: "STD", name: "Standard rate", treatment: .standard, rateBasisPoints: 2000)
    static let reduced = VATCode(code: "RED", name: "Reduced rate", treatment: .reduced, rateBasisPoints: 500)
    static let oldStandard = VATCode(code: "S175", name: "Standard rate 2008", treatment: .standard, rateBasisPoints: 1750)

    @Test(
        "20%: VAT is one sixth of the gross, to the nearest penny, halves up",
        arguments: [
            (1_000, 167),  // 166.67
            (600, 100),  // exactly 100
            (1, 0),  // 0.17
            (2, 0),  // 0.33
            (3, 1),  // 0.5 rounds up
            (9, 2),  // 1.5 rounds up to 2
            (15, 3),  // 2.5 rounds up to 3
            (12, 2),
            (120, 20),
            (0, 0),
            (999_999_999_999, 166_666_666_667),  // 166,666,666,666.5
        ] as [(Int64, Int64)])
    func standardRate(gross: Int64, vat: Int64) {
        #expect(Self.standard.vat(onGross: Money(pence: gross)) == Money(pence: vat))
    }

    @Test(
        "5%: VAT is one twenty-first of the gross",
        arguments: [
            (2_100, 100), (21, 1), (10, 0), (11, 1), (42, 2), (1_000, 48),  // 47.62
        ] as [(Int64, Int64)])
    func reducedRate(gross: Int64, vat: Int64) {
        #expect(Self.reduced.vat(onGross: Money(pence: gross)) == Money(pence: vat))
    }

    @Test(
        "17.5%: VAT is seven forty-sevenths of the gross",
        arguments: [
            (4_700, 700), (47, 7), (1_000, 149), (100, 15), (3, 0), (4, 1),  // 148.94, 14.89, 0.45, 0.60
        ] as [(Int64, Int64)])
    func seventeenAndAHalf(gross: Int64, vat: Int64) {
        #expect(Self.oldStandard.vat(onGross: Money(pence: gross)) == Money(pence: vat))
    }

    @Test(
        "refunds (negative gross) round away from zero, the mirror of payments",
        arguments: [
            (-3, -1), (-9, -2), (-15, -3), (-1_000, -167), (-1, 0), (-600, -100),
        ] as [(Int64, Int64)])
    func negativeGross(gross: Int64, vat: Int64) {
        #expect(Self.standard.vat(onGross: Money(pence: gross)) == Money(pence: vat))
    }

    @Test(
        "every rate agrees with exact integer arithmetic on every amount up to £30, both signs",
        arguments: [2000, 500, 1750, 1250, 1500, 1] as [Int64])
    func matchesExactArithmetic(rateBasisPoints: Int64) {
        let code = VATCode(code: "T", name: "Test", treatment: .standard, rateBasisPoints: rateBasisPoints)
        for gross in Int64(-3_000)...3_000 {
            let expected = Independent.vatPence(gross: gross, rateBasisPoints: rateBasisPoints)
            let vat = code.vat(onGross: Money(pence: gross))
            if vat.pence != expected {
                Issue.record("rate \(rateBasisPoints) bp, gross \(gross)p: VAT \(vat.pence)p, expected \(expected)p")
                return
            }
            #expect(code.vat(onGross: Money(pence: -gross)) == -vat)
        }
    }

    @Test(
        "zero-rated, exempt and outside-scope supplies carry no VAT even if a rate is given",
        arguments: [VATTreatment.zero, .exempt, .outsideScope])
    func noVAT(treatment: VATTreatment) {
        let code = VATCode(code: "X", name: "Not charged", treatment: treatment, rateBasisPoints: 2000)
        #expect(code.rateBasisPoints == 0)
        #expect(code.rateText == "0%")
        #expect(!treatment.chargesVAT)
        for gross: Int64 in [1, 3, 1_000, 123_456, -1_000] {
            #expect(code.vat(onGross: Money(pence: gross)) == .zero)
            let (net, vat) = code.split(gross: Money(pence: gross))
            #expect(net == Money(pence: gross))
            #expect(vat == .zero)
        }
    }

    @Test("standard and reduced rates charge VAT")
    func charging() {
        #expect(VATTreatment.standard.chargesVAT)
        #expect(VATTreatment.reduced.chargesVAT)
        #expect(VATTreatment(rawValue: "outside_scope") == .outsideScope)
    }

    @Test("split gives net plus VAT equal to the gross", arguments: [2000, 500, 1750] as [Int64])
    func split(rateBasisPoints: Int64) {
        let code = VATCode(code: "T", name: "Test", treatment: .reduced, rateBasisPoints: rateBasisPoints)
        for gross: Int64 in [-1_001, -3, 0, 1, 3, 9, 1_000, 2_100, 4_700, 123_457, 999_999_999_999] {
            let (net, vat) = code.split(gross: Money(pence: gross))
            #expect(net + vat == Money(pence: gross))
            #expect(vat.pence == Independent.vatPence(gross: gross, rateBasisPoints: rateBasisPoints))
        }
    }

    @Test(
        "rateText shows the rate as a receipt does",
        arguments: [
            (2000, "20%"), (500, "5%"), (1750, "17.5%"), (1250, "12.5%"), (525, "5.25%"), (505, "5.05%"), (2010, "20.1%"), (0, "0%"),
        ] as [(Int64, String)])
    func rateText(rateBasisPoints: Int64, text: String) {
        #expect(VATCode(code: "T", name: "Test", treatment: .standard, rateBasisPoints: rateBasisPoints).rateText == text)
    }
}
