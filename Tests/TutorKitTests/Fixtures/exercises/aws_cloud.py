"""Reference handlers for Skills/aws-cloud/exercises.yml: what a correct learner server does."""
import json

from server import problem


# --- sqs-batch-failures: the Lambda SQS handler's partial batch response ----------------------

def _reserve_stock(order):
    if not isinstance(order, dict) or not isinstance(order.get("sku"), str) or not order["sku"]:
        raise ValueError("missing sku")
    quantity = order.get("quantity")
    if type(quantity) is not int or quantity < 1:
        raise ValueError("bad quantity")


def reserve_batch(request):
    if request.method != "POST" or request.path != "/sqs/reserve-stock":
        return problem(404, "Not Found")
    try:
        event = request.json()
    except ValueError:
        return problem(400, "Bad Request", "The body is not valid JSON.")
    if not isinstance(event, dict) or not isinstance(event.get("Records"), list):
        return problem(422, "Unprocessable Content", "Records must be an array.")
    failures = []
    for record in event["Records"]:
        try:
            _reserve_stock(json.loads(record["body"]))
        except Exception:
            failures.append({"itemIdentifier": record.get("messageId") if isinstance(record, dict) else None})
    return 200, {}, {"batchItemFailures": failures}


EXERCISES = {"sqs-batch-failures": reserve_batch}
