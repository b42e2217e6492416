"""AWS operations with boto3 (upload the landing data, run the Glue workflow or one job) and a local
moto server for tests."""
