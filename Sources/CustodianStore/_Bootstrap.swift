public enum _PlaceholderCustodianStore {}
