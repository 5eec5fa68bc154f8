public enum _PlaceholderCustodianCore {}
