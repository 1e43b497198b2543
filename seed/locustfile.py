# The seed's load test: 10,000 users, spawned 1,000 per second, each waiting between 5 and 15 s.
#   locust -f seed/locustfile.py --headless -u 10000 -r 1000 -t 60s --host http://127.0.0.1:PORT
# Rebuilt from the report's description; see README.md in this directory.
from locust import HttpUser, between, task


class EchoUser(HttpUser):
    wait_time = between(5, 15)

    @task
    def echo(self):
        self.client.get("/")
