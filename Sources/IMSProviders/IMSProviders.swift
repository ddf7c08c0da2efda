/// Payment service providers behind one protocol: the sandbox, GOV.UK Pay.
public enum IMSProviders {}
