extension Dictionary where Key == String, Value == Any {
    /// Without its empty strings: Mustache renders a `{{#name}}` section for any string, even an empty one,
    /// so text that may be empty is left out instead.
    func droppingEmptyText() -> [String: Any] {
        filter { ($0.value as? String)?.isEmpty != true }
    }
}
