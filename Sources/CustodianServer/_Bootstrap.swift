public enum _PlaceholderCustodianServer {}
