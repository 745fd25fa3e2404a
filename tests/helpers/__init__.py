"""Small programs the fault-injection tests run as separate processes."""
