import IMSCore

/// A fund's reference formats on its form: one fieldset per format (`format1_…`, `format2_…`) and one
/// empty fieldset to add another. A fieldset is kept when any of its fields is filled.
enum ReferenceFormatForm {
    /// The most formats a fund's form takes.
    static let limit = 20

    static let schemes = [("none", "No check character"), ("luhn", "Luhn"), ("weighted", "Weighted modulus"), ("dynix", "Library card (Dynix)")]

    /// The fieldsets of `formats` and one empty one; or, for a refused form, the fieldsets as typed.
    static func sections(_ formats: [ReferenceFormat], typed form: FormData?) -> [SetupSection] {
        if let form {
            let count = typedCount(form)
            return (1...max(count, 1)).map { section(nil, number: $0, isLast: $0 == count).refilled(from: form) }
        }
        return formats.enumerated().map { section($1, number: $0 + 1, isLast: false) } + [section(nil, number: formats.count + 1, isLast: true)]
    }

    /// How many format fieldsets the form sent (text inputs are sent even when empty).
    static func typedCount(_ form: FormData) -> Int {
        (1...limit).last { form["format\($0)_name"] != nil } ?? 0
    }

    private static func section(_ format: ReferenceFormat?, number: Int, isLast: Bool) -> SetupSection {
        let prefix = "format\(number)_"
        var scheme = "none"
        var weighted: WeightedModulus?
        switch format?.checkCharacter {
        case .luhn: scheme = "luhn"
        case .dynix: scheme = "dynix"
        case .weightedModulus(let modulus): (scheme, weighted) = ("weighted", modulus)
        case nil: break
        }
        let characters = format?.characters
        let fields = [
            SetupField(name: prefix + "name", label: "Name", hint: "For officers, like “new format (2024)”", value: format?.name ?? ""),
            SetupField(name: prefix + "min_length", label: "Shortest", value: format?.minimumLength.map(String.init) ?? "", isShort: true),
            SetupField(name: prefix + "max_length", label: "Longest", value: format?.maximumLength.map(String.init) ?? "", isShort: true),
            SetupField(name: prefix + "digits", label: "May contain numbers", kind: .checkbox, checked: characters?.digits ?? false),
            SetupField(name: prefix + "letters", label: "May contain letters", kind: .checkbox, checked: characters?.letters ?? false),
            SetupField(
                name: prefix + "others", label: "Other characters allowed", hint: "Like /- (leave empty, with both boxes unticked, for any)",
                value: characters?.others ?? "", isShort: true),
            SetupField(
                name: prefix + "pattern", label: "Pattern", hint: "A regular expression the whole reference matches, like 77[0-9]{7}",
                value: format?.pattern ?? ""),
            SetupField(
                name: prefix + "mask", label: "Mask", hint: "# a digit, $ a letter, ? either, @ the check character, anything else itself",
                value: format?.mask?.pattern ?? ""),
            SetupField(name: prefix + "example", label: "Example shown to payers", value: format?.example ?? ""),
            SetupField(
                name: prefix + "scheme", label: "Check character",
                kind: .select(schemes.map { SetupOption(value: $0.0, label: $0.1, selected: $0.0 == scheme) })),
            SetupField(
                name: prefix + "weights", label: "Weights", hint: "Weighted modulus: whole numbers separated by commas, like 9,8,7,6,5,4,3,2",
                value: weighted?.weights.map(String.init).joined(separator: ",") ?? ""),
            SetupField(name: prefix + "modulus", label: "Modulus", hint: "Like 11", value: weighted.map { String($0.modulus) } ?? "", isShort: true),
            SetupField(
                name: prefix + "subtract", label: "Subtract the remainder from the modulus", kind: .checkbox,
                checked: weighted?.subtractFromModulus ?? false),
            SetupField(
                name: prefix + "from_left", label: "Weights start at the first character (not end at the last)", kind: .checkbox,
                checked: weighted?.weightsFromLeft ?? false),
            SetupField(
                name: prefix + "substitutions", label: "Substitutions", hint: "Check values that are not a digit, like 10=X,11=0",
                value: weighted?.resultCharacters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") ?? ""),
            SetupField(
                name: prefix + "values", label: "Character values", hint: "Values of letters in the payload, like A=1,B=2",
                value: weighted?.characterValues.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") ?? ""),
        ]
        return SetupSection(legend: isLast ? "Add another reference format" : "Reference format \(number)", fields: fields)
    }

    /// The formats the form gives; those with nothing filled are left out.
    static func parse(_ reader: inout SetupFormReader) -> [ReferenceFormat] {
        var formats: [ReferenceFormat] = []
        for number in 1...max(typedCount(reader.form), 1) {
            let prefix = "format\(number)_"
            let filled = reader.form.fields.contains { $0.key.hasPrefix(prefix) && !$0.value.trimmingWhitespace().isEmpty && $0.value != "none" }
            guard filled else { continue }
            formats.append(parse(&reader, prefix: prefix))
        }
        if formats.isEmpty { reader.fail("format1_name", "Give at least one reference format") }
        return formats
    }

    private static func parse(_ reader: inout SetupFormReader, prefix: String) -> ReferenceFormat {
        let digits = reader.flag(prefix + "digits")
        let letters = reader.flag(prefix + "letters")
        let others = reader.optional(prefix + "others", maximumLength: 20)?.uppercased() ?? ""
        let characters = digits || letters || !others.isEmpty ? ReferenceCharacters(digits: digits, letters: letters, others: others) : nil
        return ReferenceFormat(
            name: reader.optional(prefix + "name", maximumLength: 100),
            minimumLength: reader.whole(prefix + "min_length", "the shortest", range: 1...100),
            maximumLength: reader.whole(prefix + "max_length", "the longest", range: 1...100), characters: characters,
            pattern: reader.optional(prefix + "pattern", maximumLength: 200),
            mask: reader.optional(prefix + "mask", maximumLength: 100).map(ReferenceMask.init),
            checkCharacter: scheme(&reader, prefix: prefix), example: reader.optional(prefix + "example", maximumLength: 100))
    }

    private static func scheme(_ reader: inout SetupFormReader, prefix: String) -> CheckCharacterScheme? {
        switch reader.form[prefix + "scheme"] {
        case "luhn": return .luhn
        case "dynix": return .dynix
        case "weighted":
            let weightTexts = reader.list(prefix + "weights")
            let weights = weightTexts.compactMap { Int($0) }.filter { (0...100).contains($0) }
            if weights.isEmpty || weights.count != weightTexts.count {
                reader.fail(prefix + "weights", "Enter the weights as whole numbers from 0 to 100 separated by commas, like 9,8,7,6")
            }
            let modulus = reader.whole(prefix + "modulus", "the modulus", range: 2...100)
            if reader.form.value(prefix + "modulus") == nil { reader.fail(prefix + "modulus", "Enter the modulus, like 11") }
            let substitutions: [Int: String] = pairs(&reader, prefix + "substitutions", example: "10=X,11=0") {
                Int($0)
            } value: {
                $0.count == 1 ? $0.uppercased() : nil
            }
            let values: [String: Int] = pairs(&reader, prefix + "values", example: "A=1,B=2") {
                $0.count == 1 ? $0.uppercased() : nil
            } value: {
                Int($0)
            }
            return .weightedModulus(
                WeightedModulus(
                    weights: weights, modulus: modulus ?? 11, subtractFromModulus: reader.flag(prefix + "subtract"), characterValues: values,
                    resultCharacters: substitutions, weightsFromLeft: reader.flag(prefix + "from_left")))
        default: return nil
        }
    }

    /// `10=X,11=0` as a dictionary; a malformed pair is a problem of the field.
    private static func pairs<Key: Hashable, Value>(
        _ reader: inout SetupFormReader, _ name: String, example: String, key: (String) -> Key?, value: (String) -> Value?
    ) -> [Key: Value] {
        var result: [Key: Value] = [:]
        for pair in reader.list(name) {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingWhitespace() }
            guard parts.count == 2, let parsedKey = key(parts[0]), let parsedValue = value(parts[1]), result[parsedKey] == nil else {
                reader.fail(name, "Enter pairs separated by commas, like \(example)")
                return result
            }
            result[parsedKey] = parsedValue
        }
        return result
    }
}
