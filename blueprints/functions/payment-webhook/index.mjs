// POST /payments: the payment provider reports a charge; the order is marked paid.
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';

const db = new DynamoDBClient({});

export async function handler(event) {
  const { customer_id, order_id } = JSON.parse(event.body ?? '{}');
  await db.send(new UpdateItemCommand({
    TableName: process.env.ORDERS_TABLE,
    Key: { customer_id: { S: customer_id }, order_id: { S: order_id } },
    UpdateExpression: 'SET #s = :paid',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':paid': { S: 'paid' } },
  }));
  return { statusCode: 204 };
}
