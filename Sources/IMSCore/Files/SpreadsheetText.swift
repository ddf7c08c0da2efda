/// Text written into a CSV file that people open in a spreadsheet.
public enum SpreadsheetText {
    /// `text` made inert when a spreadsheet would run it as a formula (it starts `=`, `+`, `-`, `@`, tab or
    /// carriage return): prefixed with `'`, which spreadsheets show as text. CSV injection turns a payer's
    /// name or a reference into a command otherwise.
    public static func inert(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        return "'" + text
    }
}
