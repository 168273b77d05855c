"""The signed-in user's notifications."""

from fastapi import APIRouter

router = APIRouter(prefix="/notifications", tags=["notifications"])
