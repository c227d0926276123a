import fastact as fa


def pytest_report_header(config):
    info = fa._config.config()
    return f"fastact {info['version']}: isa {info['isa']} (FASTACT_ISA forces one), threads {info['threads']}"
