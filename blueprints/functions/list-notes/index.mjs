// GET /notes: the caller's notes, newest first (GET /health answers 200 without a token).
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';

const db = new DynamoDBClient({});

export async function handler(event) {
  if (event.routeKey === 'GET /health') return { statusCode: 200, body: 'ok' };
  const owner = event.requestContext.authorizer.jwt.claims.sub;
  const out = await db.send(new QueryCommand({ TableName: process.env.NOTES_TABLE, KeyConditionExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ':o': { S: owner } }, ScanIndexForward: false }));
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(out.Items ?? []) };
}
