/// Files in and out of IMS: legacy migration CSV, third-party payment files, bank statements, GL export.
public enum IMSInterchange {}
