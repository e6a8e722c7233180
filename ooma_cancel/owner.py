"""Who owns the data being shown: today one local owner; shared deployments add per-person owners."""

LOCAL_OWNER = "local"
