/// The two bits of LDAP string syntax IMS needs: putting a user name into a search filter (RFC 4515) and
/// taking a group's name out of its distinguished name (RFC 4514).
package enum LDAPSyntax {
    /// `value` escaped for use as an assertion value in a search filter: `*`, `(`, `)`, `\` and NUL become
    /// `\2a`, `\28`, `\29`, `\5c`, `\00`, so a user name like `*)(uid=*` matches only itself.
    package static func escapeFilterValue(_ value: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "*": escaped += "\\2a"
            case "(": escaped += "\\28"
            case ")": escaped += "\\29"
            case "\\": escaped += "\\5c"
            case "\0": escaped += "\\00"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// The value of the first RDN of `dn` when its attribute is `CN` (any case), unescaped:
    /// `CN=IMS-Cashiers,OU=Groups,DC=council,DC=gov,DC=uk` gives `IMS-Cashiers`, and `cn=Smith\, J,ou=x`
    /// gives `Smith, J`. Nil when the DN does not start with a CN (or is malformed).
    package static func commonName(ofDN dn: String) -> String? {
        let bytes = Array(dn.utf8)
        var index = 0
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
        // The attribute type, up to "=".
        let typeStart = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "=") { index += 1 }
        guard index < bytes.count else { return nil }
        let type = String(decoding: bytes[typeStart..<index], as: UTF8.self).trimmingSpaces()
        guard type.lowercased() == "cn" || type == "2.5.4.3" else { return nil }
        index += 1
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
        // The value, up to an unescaped "," or "+" (a multi-valued RDN: take its CN part), unescaping as we go.
        var value: [UInt8] = []
        var trailingEscapedSpace = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ";") { break }
            if byte == UInt8(ascii: "\\") {
                guard index + 1 < bytes.count else { return nil }
                if let high = hexValue(bytes[index + 1]), index + 2 < bytes.count, let low = hexValue(bytes[index + 2]) {
                    value.append(high << 4 | low)
                    index += 3
                } else {
                    value.append(bytes[index + 1])
                    index += 2
                }
                trailingEscapedSpace = value.last == UInt8(ascii: " ")
                continue
            }
            value.append(byte)
            trailingEscapedSpace = false
            index += 1
        }
        // Unescaped spaces after the value are not part of it.
        while !trailingEscapedSpace, value.last == UInt8(ascii: " ") { value.removeLast() }
        guard !value.isEmpty, let name = String(validating: value, as: UTF8.self) else { return nil }
        return name
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var slice = Substring(self)
        while slice.first == " " { slice.removeFirst() }
        while slice.last == " " { slice.removeLast() }
        return String(slice)
    }
}
